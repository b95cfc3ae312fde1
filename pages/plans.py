"""Plan targets: each dated target against its latest actual, with the progress method."""

import io

import pandas as pd
import streamlit as st

from civdash import actuals, charts, curated, deck, images, limits, plans, ui, views
from civdash.i18n import unit_name
from civdash.uploads import Vocabulary, check_upload, validate_upload

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
    curated.default(dataset, "plans_plan"),
    context.t("plans.choose"),
    lambda item: f"{dataset.region_name(plan_regions[item], lang)} · {plan_names[item]}",
    key="plans_plan",
    container=ui.controls(context),
)
assessed = dataset.memo(
    ("assess_plan", plan_id, lang),
    lambda: plans.assess_plan(dataset, dataset.facts, plan_id, lang),
)
added = st.session_state.pop("plans_added", None)
if added and added["target_id"] in set(assessed["target_id"]):
    row = assessed.set_index("target_id").loc[added["target_id"]]
    message = context.t(
        "plans.form_added",
        goal=row["goal"],
        value=added["value"],
        year=added["year"],
        status=plans.status_label(row["status"], lang),
    )
    # At the top, beside the status it changed; the toast is seen wherever the page is scrolled.
    st.success(ui.plain(message), icon="✅")
    st.toast(ui.plain(message), icon="✅")

ui.deck_download(
    context,
    lambda: deck.plan_deck(dataset, plan_id, lang),
    deck.plan_file_name(plan_id),
    key="plans_deck",
)
st.header(context.t("plans.summary"))
st.html(
    plans.summary_html(
        plans.meeting_summary(dataset, plan_id, assessed, lang),
        lang,
        context.present,
        why=plans.why_unassessed(dataset, dataset.facts, plan_id, assessed, lang),
    )
)

st.header(context.t("plans.table"))
table = plans.without_empty_ratio(plans.display_table(dataset, assessed, lang), lang)
status_column = context.t("plans.status")
tint_by_label = {
    plans.status_label(status, lang): tint for status, tint in plans.STATUS_TINTS.items()
}
styled = table.style.map(
    lambda label: f"background-color: {tint_by_label.get(label, '#ffffff')}; color: #111111",
    subset=[status_column],
)
st.dataframe(
    styled,
    hide_index=True,
    width="stretch",
    key="plans_table",
    column_config={
        context.t("plans.ratio"): st.column_config.TextColumn(help=context.t("plans.ratio_help"))
    },
)
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
goal_zh = dict(zip(dataset.targets["target_id"], dataset.targets["goal_zh"], strict=True))
plan_source = views.source_line(
    dataset, dataset.plans.set_index("plan_id").loc[[plan_id], "source_id"], lang
)
columns = st.columns(2)
for position, row in enumerate(numeric.to_dict("records")):
    title = f"{dataset.region_name(row['region_id'], lang)} · {row['goal']}"
    note = plans.unit_note({**row, "goal_zh": goal_zh.get(row["target_id"])}, lang)
    with columns[position % 2]:
        ui.guarded(
            context,
            lambda row=row, title=title, note=note: ui.show_chart(
                lambda: charts.bullet_chart(
                    row,
                    lang,
                    title,
                    context.present,
                    plan_source,
                    extra_lines=[note] if note else None,
                ),
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


def add_actual(target_id: str, written: str, year: int, source_note: str) -> None:
    """Validate one typed actual with the upload's own checks; all or nothing."""
    target = dataset.targets.set_index("target_id").loc[target_id]
    buffer = io.StringIO()
    pd.DataFrame(
        [
            {
                "region_id": target["region_id"],
                "indicator_id": target["indicator_id"],
                "year": int(year),
                "value": written,
                "source": source_note or context.t("plans.user_source_default"),
                "note": "",
            }
        ]
    ).to_csv(buffer, index=False)
    result = validate_upload(buffer.getvalue().encode("utf-8"), "form", dataset)
    if result.frame is None:
        st.error(context.t("plans.form_rejected"))
        return
    if not ui.add_user_rows(result.frame, context.lang):
        return
    unit = dataset.indicator_rows[target["indicator_id"]]["unit"]
    st.session_state["plans_added"] = {
        "target_id": target_id,
        "value": actuals.read_value(written, unit, lang).read_as,
        "year": int(year),
    }
    st.session_state.pop("plans_pending", None)
    st.rerun()


st.header(context.t("plans.add_title"))
target_ids = assessed["target_id"].tolist()
by_target = assessed.set_index("target_id")
chosen_target = st.selectbox(
    context.t("plans.add_target"),
    target_ids,
    format_func=lambda item: by_target.loc[item, "goal"],
    key=f"plans_add_target_{plan_id}",
)
chosen = {**by_target.loc[chosen_target].to_dict(), "target_id": chosen_target}
unit = chosen["unit"]
baseline_text = plans.display_table(dataset, assessed, lang).set_index("target_id")
st.caption(
    ui.plain(
        context.t(
            "plans.target_context",
            baseline=baseline_text.loc[chosen_target, context.t("plans.baseline")],
            target=plans.target_text(chosen, lang),
            unit=unit_name(unit, lang),
        )
    )
)
unit_hint = plans.unit_note({**chosen, "goal_zh": goal_zh.get(chosen_target)}, lang)
if unit_hint:
    st.warning(ui.plain(unit_hint))
with st.form("plans_add_form", clear_on_submit=False):
    form_columns = st.columns(3)
    value = form_columns[0].text_input(
        actuals.value_label(unit, lang),
        key="plans_add_value",
        max_chars=limits.MAX_VALUE_CHARS,
        help=context.t("plans.add_value_help"),
    )
    year = form_columns[1].number_input(
        context.t("plans.add_year"),
        min_value=1990,
        max_value=2035,
        value=2020,
        step=1,
        key="plans_add_year",
    )
    source_note = form_columns[2].text_input(
        context.t("plans.add_source"), key="plans_add_source", max_chars=limits.MAX_FIELD_CHARS
    )
    submitted = st.form_submit_button(context.t("plans.add_submit"))
    if submitted:
        st.session_state.pop("plans_pending", None)
        reading = actuals.read_value(value, unit, lang)
        if reading.error:
            # Inline, next to the field it is about, in the page's language.
            st.error(ui.plain(reading.error))
        else:
            message, suggestion = actuals.implausible(
                reading.value,
                unit,
                lang,
                (chosen["baseline_year"], chosen["baseline_value"]),
                chosen["target_value"],
            )
            entry = {
                "target_id": chosen_target,
                "written": value.strip(),
                "year": int(year),
                "source": source_note.strip(),
            }
            if message:
                st.session_state["plans_pending"] = {
                    **entry,
                    "message": message,
                    "suggestion": suggestion,
                }
            else:
                add_actual(entry["target_id"], entry["written"], entry["year"], entry["source"])

pending = st.session_state.get("plans_pending")
if pending and pending["target_id"] == chosen_target:
    with st.container(border=True):
        st.warning(ui.plain(context.t("plans.confirm_title") + " " + pending["message"]))
        buttons = st.container(horizontal=True, gap="small")
        if pending["suggestion"] is not None and buttons.button(
            context.t("plans.use_suggestion", value=f"{pending['suggestion']:g}"),
            key="plans_use_suggestion",
            type="primary",
        ):
            add_actual(
                pending["target_id"],
                f"{pending['suggestion']:g}",
                pending["year"],
                pending["source"],
            )
        if buttons.button(
            context.t("plans.confirm_add", value=pending["written"]), key="plans_confirm"
        ):
            add_actual(pending["target_id"], pending["written"], pending["year"], pending["source"])
        if buttons.button(context.t("plans.cancel"), key="plans_cancel"):
            st.session_state.pop("plans_pending", None)
            st.rerun()

uploaded = st.file_uploader(
    context.t("plans.upload"),
    type=["csv", "txt"],
    key="plans_upload",
    help=ui.upload_limit_help(context, ""),
    max_upload_size=limits.UPLOADER_BACKSTOP_MB,
)
apply_upload = st.button(
    context.t("plans.upload_apply"), key="plans_upload_apply", disabled=uploaded is None
)


def apply_file(data: bytes, name: str) -> None:
    """Validate with the same code as `python -m civdash validate FILE`; all or nothing.

    A large file is validated in a worker process, so that other sessions keep being served.
    """
    vocabulary = Vocabulary.of(dataset)
    if len(data) > limits.INLINE_VALIDATION_BYTES:
        result = ui.run_heavy(
            context,
            check_upload,
            data,
            name,
            vocabulary,
            budget_seconds=limits.VALIDATION_BUDGET_SECONDS,
        )
        if result is None:
            return
    else:
        result = check_upload(data, name, vocabulary)
    if result.frame is None:
        st.error(context.t("plans.errors"))
        problems = pd.DataFrame(
            [
                {
                    # A whole-file problem has no line; the table shows a dash, never "None".
                    context.t("plans.problem_line"): "–"
                    if problem.line is None
                    else str(problem.line),
                    context.t("plans.problem_column"): problem.column,
                    context.t("plans.problem_message"): problem.text(lang),
                }
                for problem in result.report.problems
            ]
        )
        ui.table(problems, key="plans_errors")
        more = result.report.omitted_line(lang)
        if more:
            st.caption(more)
        return
    if not ui.add_user_rows(result.frame, context.lang):
        return
    st.session_state["plans_applied"] = len(result.frame)
    st.rerun()


if apply_upload and uploaded is not None:
    apply_file(uploaded.getvalue(), uploaded.name)
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
    plans.without_empty_ratio(
        every.drop(columns=[context.t("label.excerpt"), context.t("label.note")]), lang
    ),
    key="plans_cross",
)
