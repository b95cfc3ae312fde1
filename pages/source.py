"""Source texts: each report in full, every curated figure marked; ?source=&obs= opens a figure."""

import streamlit as st

from civdash import source_view, ui, views
from civdash.loader import sources_dir

context = ui.page_setup("source")
dataset, lang = context.dataset, context.lang

st.title(context.t("page.source"))
st.caption(context.t("source.intro"))
source_ids = dataset.sources["source_id"].tolist()
ui.follow_link_params({"source": "source_choice", "obs": "source_figure"})
columns = st.columns([3, 2])
source = ui.param_choice(
    context,
    "source",
    source_ids,
    source_ids[0],
    context.t("source.choose"),
    lambda source_id: views.source_titles(dataset, [source_id], lang),
    key="source_choice",
    container=columns[0],
)
row = dataset.source_rows[source]
figures = dataset.facts[dataset.facts["source_id"] == source]
raw = source_view.read_source_text(sources_dir(dataset.folder), str(row["file"]))
if raw is None:
    st.error(context.t("source.missing"))
    st.stop()
marked = dataset.memo(("source_marks", source), lambda: source_view.mark_figures(raw, figures))
labels = dataset.memo(
    ("source_labels", source, lang),
    lambda: {
        item["observation_id"]: source_view.figure_label(item, lang)
        for item in figures.to_dict("records")
    },
)
# Figures in reading order, so the list follows the text.
in_order = sorted(marked.first_mark, key=marked.first_mark.get)
target = ui.param_choice(
    context,
    "obs",
    ["", *in_order],
    "",
    context.t("source.figure"),
    lambda observation_id: (
        labels.get(observation_id, context.t("source.no_figure"))
        if observation_id
        else context.t("source.no_figure")
    ),
    key="source_figure",
    container=columns[1],
)

traditional = row["language"] == "zh-Hant"
toggles = st.columns(3)
# The reading aids concern the traditional-character scrape only.
hide_pinyin = simplified = False
if traditional:
    hide_pinyin = toggles[0].toggle(
        context.t("source.hide_pinyin"),
        value=True,
        key="source_hide_pinyin",
        help=context.t("source.hide_pinyin_help"),
    )
    simplified = toggles[1].toggle(
        context.t("source.simplified"),
        value=False,
        key="source_simplified",
        help=context.t("source.simplified_help"),
    )
toggles[2].download_button(
    context.t("source.download"),
    data=raw.encode("utf-8"),
    file_name=str(row["file"]),
    mime="text/plain",
    key="source_download",
    on_click="ignore",
)

with st.container(border=True):
    st.markdown("**" + ui.plain(row["title"] if lang == "zh" else row["title_en"]) + "**")
    if lang != "zh":
        st.caption(ui.plain(row["title"]))
    years = views.span_label(figures)
    st.caption(
        ui.plain(
            context.t(
                "source.meta",
                publisher=row["publisher"] if lang == "zh" else row["publisher_en"],
                published=row["published"],
                kind=context.t(f"kind.{row['kind']}"),
                years=years,
                figures=len(figures),
            )
        )
    )
    st.caption(ui.plain(source_view.count_label(marked, lang)))

if target:
    target_row = figures[figures["observation_id"] == target].iloc[0]
    with st.container(border=True, key="source_target"):
        st.markdown(ui.plain(context.t("source.target", label=labels[target])))
        st.caption(ui.plain(context.t("source.excerpt", excerpt=target_row["excerpt"])))

text_language = "zh-Hant" if traditional else "zh-Hans"
body = dataset.memo(
    ("source_html", source, lang, hide_pinyin, simplified, target),
    lambda: source_view.render_html(
        marked,
        labels,
        text_language,
        hide_pinyin=hide_pinyin,
        simplified=simplified,
        target=target or None,
    ),
)
st.html(source_view.SOURCE_STYLE + body)
if target and target in marked.first_mark:
    # The script holds the mark's number only; the text above is escaped data.
    st.html(source_view.scroll_script(marked.first_mark[target]), unsafe_allow_javascript=True)
