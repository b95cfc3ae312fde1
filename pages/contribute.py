"""Add a report: upload a text, review its candidate figures, download a validated bundle."""

import streamlit as st

from civdash import limits, ui, units, workbench
from civdash.i18n import category_name, unit_name
from civdash.views import contribute as contribute_view
from civdash.vocab import CATEGORIES, PERIOD_TYPES, SOURCE_KINDS

context = ui.page_setup("contribute")
dataset, lang = context.dataset, context.lang
t = context.t

st.title(t("contribute.title"))
st.caption(t("contribute.intro"))

uploaded = st.file_uploader(
    t("contribute.upload"),
    type=["txt", "docx", "pdf", "html", "htm"],
    key="contribute_upload",
    help=ui.upload_limit_help(context, ""),
    max_upload_size=limits.UPLOADER_BACKSTOP_MB,
)


def read_in_worker(region: str | None, year: int | None) -> workbench.ReadReport | None:
    """Read and extract off the server's shared thread; None after a message if that failed."""
    return ui.run_heavy(
        context,
        workbench.read_and_extract,
        uploaded.name,
        uploaded.getvalue(),
        region,
        year,
        contribute_view.extraction_tables(dataset),
        budget_seconds=limits.EXTRACTION_BUDGET_SECONDS,
    )


report = None
if uploaded is None:
    st.session_state.pop("contribute_report", None)
else:
    file_key = contribute_view.file_key(uploaded.getvalue())
    held = st.session_state.get("contribute_report")
    if held is None or held[0] != file_key:
        # A new file: its region and reference year are guessed from the text and preset.
        first = read_in_worker(None, None)
        if first is not None:
            held = (file_key, first)
            st.session_state["contribute_report"] = held
            if first.text is not None:
                if first.region_id in set(dataset.regions["region_id"]):
                    st.session_state["contribute_region"] = first.region_id
                if first.reference_year:
                    st.session_state["contribute_reference_year"] = int(first.reference_year)
    report = held[1] if held is not None and held[0] == file_key else None
    if report is not None and report.refusal is not None:
        refusal = report.refusal
        reason = t(f"document.{refusal.code}", **refusal.values)
        st.error(t("contribute.refused", reason=ui.plain(reason)))
        report = None

region_ids = dataset.regions["region_id"].tolist()
with st.expander(t("contribute.metadata"), expanded=True):
    left, right = st.columns(2)
    source_id = left.text_input(t("contribute.source_id"), key="contribute_source_id").strip()
    region_id = right.selectbox(
        t("contribute.region"),
        region_ids,
        format_func=lambda item: f"{dataset.region_name(item, lang)} ({item})",
        key="contribute_region",
    )
    title_zh = left.text_input(t("contribute.title_zh"), key="contribute_title")
    title_en = right.text_input(t("contribute.title_en"), key="contribute_title_en")
    publisher = left.text_input(t("contribute.publisher"), key="contribute_publisher")
    publisher_en = right.text_input(t("contribute.publisher_en"), key="contribute_publisher_en")
    published = left.text_input(t("contribute.published"), key="contribute_published").strip()
    reference_year = right.number_input(
        t("contribute.reference_year"),
        min_value=1990,
        max_value=2035,
        value=2020,
        step=1,
        key="contribute_reference_year",
    )
    language = left.selectbox(
        t("contribute.language"),
        ["zh-Hans", "zh-Hant"],
        format_func=lambda item: t(f"contribute.script.{item}"),
        key="contribute_language",
    )
    kind = right.selectbox(
        t("contribute.kind"),
        list(SOURCE_KINDS),
        format_func=lambda item: t(f"kind.{item}"),
        key="contribute_kind",
    )
    url = st.text_input(t("contribute.url"), key="contribute_url").strip()

if report is not None and (
    report.region_id != region_id or report.reference_year != int(reference_year)
):
    # Region or reference year changed by hand: the guesses of year and region follow them.
    again = read_in_worker(region_id, int(reference_year))
    if again is not None and again.refusal is None:
        report = again
        st.session_state["contribute_report"] = (st.session_state["contribute_report"][0], again)

if report is not None:
    text, candidates = report.text, report.candidates
    state_key = contribute_view.editor_key(
        st.session_state["contribute_report"][0], region_id, int(reference_year)
    )
    indicator_names = contribute_view.indicator_names(dataset, lang)
    new_indicators: list[dict] = st.session_state.setdefault("contribute_new_indicators", [])
    options = contribute_view.indicator_options(indicator_names, new_indicators)

    st.header(t("contribute.review"))
    st.caption(t("contribute.found", count=len(candidates)) + " " + t("contribute.review_help"))
    edited = st.data_editor(
        workbench.editor_frame(candidates, indicator_names),
        key=f"contribute_editor_{state_key}",
        hide_index=True,
        width="stretch",
        height=420,
        disabled=["suggestions", "excerpt", "confidence", "char_start", "char_end"],
        column_order=[c for c in workbench.EDITOR_COLUMNS if c not in ("char_start", "char_end")],
        column_config={
            "accept": st.column_config.CheckboxColumn(t("contribute.column.accept")),
            "value_as_written": st.column_config.TextColumn(t("label.value_as_written")),
            "value": st.column_config.NumberColumn(t("label.value"), format="%g"),
            "unit_guess": st.column_config.SelectboxColumn(
                t("contribute.column.unit_guess"), options=[""] + list(units.ids())
            ),
            "qualifier": st.column_config.SelectboxColumn(
                t("label.qualifier"), options=["exact", "approx", "at_least", "at_most"]
            ),
            "year": st.column_config.NumberColumn(t("label.year"), format="%d", step=1),
            "period_start": st.column_config.TextColumn(t("contribute.column.period_start")),
            "region_id": st.column_config.SelectboxColumn(
                t("contribute.column.region_id"), options=region_ids
            ),
            "indicator_id": st.column_config.SelectboxColumn(
                t("contribute.column.indicator_id"), options=["", *options], width="medium"
            ),
            "suggestions": st.column_config.TextColumn(
                t("contribute.column.suggestions"), width="large"
            ),
            "excerpt": st.column_config.TextColumn(t("label.excerpt"), width="large"),
            "confidence": st.column_config.ProgressColumn(
                t("contribute.column.confidence"), min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "note": st.column_config.TextColumn(t("label.note")),
        },
    )
    accepted = {index for index, flag in enumerate(edited["accept"].tolist()) if flag}
    with st.expander(t("contribute.text"), expanded=False):
        st.html(workbench.highlighted_html(text, candidates, accepted))

    with (
        st.expander(t("contribute.new_indicator"), expanded=False),
        st.form("contribute_indicator_form"),
    ):
        left, right = st.columns(2)
        new_id = left.text_input(t("contribute.indicator_id"), key="contribute_new_id")
        category = right.selectbox(
            t("label.category"),
            list(CATEGORIES),
            format_func=lambda item: category_name(item, lang),
            key="contribute_new_category",
        )
        name_zh = left.text_input(t("contribute.name_zh"), key="contribute_new_name_zh")
        name_en = right.text_input(t("contribute.name_en"), key="contribute_new_name_en")
        unit = left.selectbox(
            t("label.unit"),
            list(units.ids()),
            format_func=lambda item: f"{unit_name(item, lang)} ({item})",
            key="contribute_new_unit",
        )
        period_type = right.selectbox(
            t("contribute.period_type"), list(PERIOD_TYPES), key="contribute_new_period"
        )
        definition_zh = left.text_input(t("contribute.definition_zh"), key="contribute_new_def_zh")
        definition_en = right.text_input(t("contribute.definition_en"), key="contribute_new_def_en")
        if st.form_submit_button(t("contribute.add_indicator")) and new_id.strip():
            new_indicators.append(
                contribute_view.new_indicator(
                    new_id,
                    (name_zh, name_en),
                    category,
                    unit,
                    period_type,
                    (definition_zh, definition_en),
                )
            )
            st.success(t("contribute.indicator_added", id=ui.plain(new_id.strip())))
            st.rerun()

    def build() -> None:
        """Check the accepted rows, then build the bundle and offer it for download."""
        form = contribute_view.SourceForm(
            source_id=source_id,
            region_id=region_id,
            title_zh=title_zh,
            title_en=title_en,
            publisher=publisher,
            publisher_en=publisher_en,
            published=published,
            language=language,
            kind=kind,
            url=url,
        )
        check = contribute_view.check_bundle(
            form, edited, text, indicator_names, new_indicators, lang
        )
        if check.error:
            st.error(check.error)
        elif check.warning:
            st.warning(check.warning)
        elif check.problems is not None:
            st.error(t("contribute.problems"))
            st.dataframe(check.problems, hide_index=True, key=check.problems_key)
        else:
            st.success(t("contribute.passed", count=check.rows))
            st.download_button(
                t("contribute.download"),
                check.bundle,
                file_name=f"civil-affairs_bundle_{source_id}.zip",
                mime="application/zip",
                key="contribute_download",
            )

    if st.button(t("contribute.build"), key="contribute_build", type="primary"):
        build()
