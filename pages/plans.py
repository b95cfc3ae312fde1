"""Plan targets: each dated target against its latest actual, with the progress method."""

import io

import pandas as pd
import streamlit as st

from civdash import charts, deck, images, plans, ui, views
from civdash.uploads import validate_upload

context = ui.page_setup("plans")
dataset, lang = context.dataset, context.lang

st.title(context.t("plans.title"))
plan_ids = dataset.plans["plan_id"].tolist()
plan_regions = dict(zip(dataset.plans["plan_id"], dataset.plans["region_id"], strict=True))
plan_names = dict(
    zip(plan_ids, dataset.plans["name_zh" if lang == "zh" else "name_en"], strict=True)
)
plan_id = ui.param_choice(
    context,
    "plan",
    plan_ids,
    plans.DEFAULT_PLAN,
    context.t("plans.choose"),
    lambda item: f"{dataset.region_name(plan_regions[item], lang)} · {plan_names[item]}",
    key="plans_plan",
)
assessed = dataset.memo(
    ("assess_plan", plan_id, lang),
    lambda: plans.assess_plan(dataset, dataset.facts, plan_id, lang),
)

ui.deck_download(
    context,
    lambda: deck.plan_deck(dataset, plan_id, lang),
    deck.plan_file_name(plan_id),
    key="plans_deck",
)
st.header(context.t("plans.summary"))
badge_columns = st.columns(max(1, len(plans.status_counts(assessed))))
for column, (status, count) in zip(
    badge_columns, plans.status_counts(assessed).items(), strict=False
):
    with column:
        st.badge(f"{plans.status_label(status, lang)}: {count}", color=plans.BADGE_COLOURS[status])

st.header(context.t("plans.table"))
table = plans.display_table(dataset, assessed, lang)
status_column = context.t("plans.status")
colour_by_label = {
    plans.status_label(status, lang): colour for status, colour in plans.STATUS_COLOURS.items()
}
styled = table.style.map(
    lambda label: f"background-color: {colour_by_label.get(label, '#ffffff')}; color: #111111",
    subset=[status_column],
)
st.dataframe(styled, hide_index=True, width="stretch", key="plans_table")
ui.downloads(
    context,
    table,
    f"plan-{plan_id}",
    (None, int(assessed["target_year"].max())),
    key="plans_download",
)

st.header(context.t("plans.bullets"))
numeric = assessed[(assessed["kind"] == "numeric") & assessed["target_value"].notna()]
if numeric.empty:
    st.caption(context.t("plans.no_numeric"))
plan_source = views.source_line(
    dataset, dataset.plans.set_index("plan_id").loc[[plan_id], "source_id"], lang
)
columns = st.columns(2)
for position, row in enumerate(numeric.to_dict("records")):
    title = f"{dataset.region_name(row['region_id'], lang)} · {row['goal']}"
    with columns[position % 2]:
        ui.guarded(
            context,
            lambda row=row, title=title: ui.show_chart(
                lambda: charts.bullet_chart(row, lang, title, context.present),
                key=f"plans_bullet_{row['target_id']}",
                dataset=dataset,
                memo_key=("bullet", row["target_id"], lang, context.present),
            ),
        )
        ui.image_downloads(
            context,
            images.bullet_image(row, lang, title, plan_source, plan_id),
            f"plans_image_{row['target_id']}",
        )
        st.caption(ui.plain(row["explanation"]))
        ui.about_data(context, row["indicator_id"], key=f"plans_{row['target_id']}")
st.caption(ui.plain(plan_source))

with st.expander(context.t("plans.method_title"), expanded=False):
    st.markdown(context.t("plans.method"))

st.header(context.t("plans.add_title"))
with st.form("plans_add_form", clear_on_submit=False):
    target_ids = assessed["target_id"].tolist()
    goal_of = dict(zip(assessed["target_id"], assessed["goal"], strict=True))
    chosen_target = st.selectbox(
        context.t("plans.add_target"),
        target_ids,
        format_func=lambda item: goal_of[item],
        key=f"plans_add_target_{plan_id}",
    )
    form_columns = st.columns(3)
    value = form_columns[0].text_input(context.t("plans.add_value"), key="plans_add_value")
    year = form_columns[1].number_input(
        context.t("plans.add_year"),
        min_value=1990,
        max_value=2035,
        value=2020,
        step=1,
        key="plans_add_year",
    )
    source_note = form_columns[2].text_input(context.t("plans.add_source"), key="plans_add_source")
    submitted = st.form_submit_button(context.t("plans.add_submit"))
uploaded = st.file_uploader(context.t("plans.upload"), type=["csv", "txt"], key="plans_upload")
apply_upload = st.button(
    context.t("plans.upload_apply"), key="plans_upload_apply", disabled=uploaded is None
)


def apply(data: bytes, name: str) -> None:
    """Validate with the same code as `python -m civdash validate FILE`; all or nothing."""
    result = validate_upload(data, name, dataset)
    if result.frame is None:
        st.error(context.t("plans.errors"))
        problems = pd.DataFrame(
            [
                {
                    context.t("plans.problem_line"): problem.line,
                    context.t("plans.problem_column"): problem.column,
                    context.t("plans.problem_message"): problem.message,
                }
                for problem in result.report.problems
            ]
        )
        ui.table(problems, key="plans_errors")
        return
    ui.add_user_rows(result.frame)
    st.session_state["plans_applied"] = len(result.frame)
    st.rerun()


if submitted:
    target = dataset.targets.set_index("target_id").loc[chosen_target]
    buffer = io.StringIO()
    pd.DataFrame(
        [
            {
                "region_id": target["region_id"],
                "indicator_id": target["indicator_id"],
                "year": int(year),
                "value": value.strip(),
                "source": source_note.strip() or context.t("plans.user_source_default"),
                "note": "",
            }
        ]
    ).to_csv(buffer, index=False)
    apply(buffer.getvalue().encode("utf-8"), "form")
if apply_upload and uploaded is not None:
    apply(uploaded.getvalue(), uploaded.name)
applied = st.session_state.pop("plans_applied", None)
if applied:
    st.success(context.t("plans.applied", count=applied))

user = ui.user_rows()
if user is not None and not user.empty:
    st.markdown(f"**{context.t('plans.user_rows')}**")
    user_facts = dataset.facts[dataset.facts["user_supplied"]]
    user_table = views.display_table(dataset, user_facts, lang)
    ui.table(user_table, key="plans_user_rows")
    ui.downloads(
        context,
        user_table,
        "curated-plus-user",
        (None, None),
        key="plans_user_download",
        full=lambda: views.display_table(dataset, dataset.facts, lang),
        total_rows=len(dataset.facts),
    )
    if st.button(context.t("plans.clear_user_rows"), key="plans_clear"):
        ui.clear_user_rows()
        st.rerun()

st.header(context.t("plans.cross_plan"))
every = dataset.memo(
    ("plans_cross", lang),
    lambda: pd.concat(
        [
            plans.display_table(
                dataset, plans.assess_plan(dataset, dataset.facts, other, lang), lang
            )
            for other in plan_ids
        ],
        ignore_index=True,
    ),
)
ui.table(
    every.drop(columns=[context.t("label.excerpt"), context.t("label.note")]), key="plans_cross"
)
