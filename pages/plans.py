"""Plan targets: each dated target against its latest actual, with the progress method."""

import streamlit as st

from civdash import views
from civdash.app import display, downloads, errors, operator_log, page_context, widgets
from civdash.core import limits
from civdash.core.units import unit_name
from civdash.data import choices as curated
from civdash.data.uploads import Vocabulary, check_upload
from civdash.figures import chart_images, charts
from civdash.method import actuals, status, targets
from civdash.outputs import slides
from civdash.views import plans as plan_views

context = page_context.page_setup("plans")
dataset, lang = context.dataset, context.lang

st.title(context.t("plans.title"))
choices = plan_views.plan_choices(dataset, lang)
plan_id = widgets.param_choice(
    context,
    "plan",
    list(choices),
    curated.default(dataset, "plans_plan"),
    context.t("plans.choose"),
    lambda plan: choices[plan],
    key="plans_plan",
    container=widgets.controls(context),
)
view = plan_views.plan_view(dataset, plan_id, lang)
assessed = view.assessed
added = st.session_state.pop("plans_added", None)
if added and added["target_id"] in set(assessed["target_id"]):
    row = assessed.set_index("target_id").loc[added["target_id"]]
    message = context.t(
        "plans.form_added",
        goal=row["goal"],
        value=added["value"],
        year=added["year"],
        status=status.label(row["status"], lang),
    )
    # At the top, beside the status it changed; the toast is seen wherever the page is scrolled.
    st.success(display.plain(message), icon="✅")
    st.toast(display.plain(message), icon="✅")

downloads.deck_download(
    context,
    lambda: slides.plan_deck(dataset, plan_id, lang),
    slides.plan_file_name(plan_id),
    key="plans_deck",
)
st.header(context.t("plans.summary"))
st.html(targets.summary_html(view.summary, lang, context.present, why=view.why_unassessed))

st.header(context.t("plans.table"))
table = plan_views.without_empty_ratio(view.table, lang)
status_column = context.t("plans.status")
tint_by_label = status.tints_by_label(lang)
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
downloads.downloads(
    context,
    table,
    f"plan-{plan_id}",
    (None, view.last_target_year),
    key="plans_download",
)

st.header(context.t("plans.bullets"))
if not view.bullets:
    st.caption(context.t("plans.no_numeric"))
columns = st.columns(2)
for position, bullet in enumerate(view.bullets):
    row = bullet.row
    with columns[position % 2]:
        errors.guarded(
            context,
            lambda bullet=bullet: display.show_chart(
                lambda: charts.bullet_chart(
                    bullet.row,
                    lang,
                    bullet.title,
                    context.present,
                    view.source,
                    extra_lines=[bullet.note] if bullet.note else None,
                ),
                key=f"plans_bullet_{bullet.row['target_id']}",
                dataset=dataset,
                memo_key=("bullet", bullet.row["target_id"], lang, context.present),
            ),
        )
        downloads.image_downloads(
            context,
            chart_images.bullet_image(row, lang, bullet.title, view.source, plan_id),
            f"plans_image_{row['target_id']}",
        )
        st.caption(display.plain(row["explanation"]))
        display.about_data(context, row["indicator_id"], key=f"plans_{row['target_id']}")
st.caption(display.plain(view.source))

with st.expander(context.t("plans.method_title"), expanded=False):
    st.markdown(context.t("plans.method"))


def add_actual(target_id: str, written: str, year: int, source_note: str) -> None:
    """Add one typed actual, checked like an uploaded row; all or nothing."""
    result = plan_views.typed_actual(dataset, target_id, written, year, source_note, lang)
    if result.frame is None:
        st.error(context.t("plans.form_rejected"))
        return
    if not page_context.add_user_rows(result.frame, context.lang):
        return
    unit = view.target_choice(target_id)["unit"]
    st.session_state["plans_added"] = {
        "target_id": target_id,
        "value": actuals.read_value(written, unit, lang).read_as,
        "year": int(year),
    }
    st.session_state.pop("plans_pending", None)
    st.rerun()


st.header(context.t("plans.add_title"))
goals = dict(zip(assessed["target_id"], assessed["goal"], strict=True))
chosen_target = st.selectbox(
    context.t("plans.add_target"),
    list(goals),
    format_func=lambda target: goals[target],
    key=f"plans_add_target_{plan_id}",
)
chosen = view.target_choice(chosen_target)
unit = chosen["unit"]
st.caption(
    display.plain(
        context.t(
            "plans.target_context",
            baseline=view.baselines[chosen_target],
            target=targets.target_text(chosen, lang),
            unit=unit_name(unit, lang),
        )
    )
)
unit_hint = view.unit_notes[chosen_target]
if unit_hint:
    st.warning(display.plain(unit_hint))
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
            st.error(display.plain(reading.error))
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
        st.warning(display.plain(context.t("plans.confirm_title") + " " + pending["message"]))
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
    help=downloads.upload_limit_help(context, ""),
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
        result = errors.run_heavy(
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
        operator_log.log_refused_upload(
            "actuals",
            data,
            name,
            errors=result.report.error_count,
            rows=sum(result.report.row_counts.values()),
            reasons=operator_log.problem_reasons(result.report.problems),
        )
        st.error(context.t("plans.errors"))
        problems = plan_views.problem_table(result, lang)
        display.table(problems, key="plans_errors")
        more = result.report.omitted_line(lang)
        if more:
            st.caption(more)
        return
    if not page_context.add_user_rows(result.frame, context.lang):
        return
    st.session_state["plans_applied"] = len(result.frame)
    st.rerun()


if apply_upload and uploaded is not None:
    apply_file(uploaded.getvalue(), uploaded.name)
applied = st.session_state.pop("plans_applied", None)
if applied:
    st.success(context.t("plans.applied", count=applied))

user = page_context.user_rows()
if user is not None and not user.empty:
    st.markdown(f"**{context.t('plans.user_rows')}**")
    user_table = plan_views.user_rows_table(dataset, lang)
    display.table(user_table, key="plans_user_rows")
    downloads.downloads(
        context,
        user_table,
        "curated-plus-user",
        (None, None),
        key="plans_user_download",
        full=lambda: views.display_table(dataset, dataset.facts, lang),
        total_rows=len(dataset.facts),
    )
    if st.button(context.t("plans.clear_user_rows"), key="plans_clear"):
        page_context.clear_user_rows()
        st.rerun()

st.header(context.t("plans.cross_plan"))
display.table(plan_views.cross_plan_table(dataset, lang), key="plans_cross")
