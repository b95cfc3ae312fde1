"""Add reports or statistical tables: upload several files, review the figures, get a bundle."""

import hashlib

import streamlit as st

from civdash.app import display, downloads, errors, operator_log, page_context
from civdash.core import limits, units
from civdash.core.units import unit_name
from civdash.core.vocab import CATEGORIES, PERIOD_TYPES, SOURCE_KINDS
from civdash.i18n import category_name
from civdash.views import contribute as contribute_view
from civdash.workbench import review

context = page_context.page_setup("contribute")
dataset, lang = context.dataset, context.lang
t = context.t

st.title(t("contribute.title"))
st.caption(t("contribute.intro_many"))

uploads = st.file_uploader(
    t("contribute.upload_many"),
    type=["txt", "docx", "pdf", "html", "htm", "xlsx", "xls", "csv"],
    key="contribute_upload",
    accept_multiple_files=True,
    help=downloads.upload_limit_help(context, ""),
    max_upload_size=limits.UPLOADER_BACKSTOP_MB,
)
# Streamlit refuses a file over its cap in the browser, before this page hears of it: the
# limit and what that red mark means are said here, in the page's language.
st.caption(
    t(
        "input.over_limit_note",
        limit_mb=limits.MAX_UPLOAD_MB,
        backstop_mb=limits.UPLOADER_BACKSTOP_MB,
    )
)
uploads = list(uploads or [])
if len(uploads) > review.MAX_FILES:
    st.warning(
        t(
            "contribute.too_many_files",
            limit=review.MAX_FILES,
            rest=len(uploads) - review.MAX_FILES,
        )
    )
    uploads = uploads[: review.MAX_FILES]

tables = contribute_view.extraction_tables(dataset)
held: dict = st.session_state.setdefault("contribute_reads", {})
wanted: dict = st.session_state.setdefault("contribute_wanted", {})
current = [(contribute_view.file_key(upload.getvalue()), upload) for upload in uploads]
for key in list(held):
    if key not in {file_key for file_key, _ in current}:
        held.pop(key)
        wanted.pop(key, None)

reads: list[tuple[str, str, review.ReadReport]] = []
for key, upload in current:
    region, year = wanted.get(key, (None, None))
    report = held.get(key)
    stale = report is None or (
        region is not None and (report.region_id, report.reference_year) != (region, year)
    )
    # One progress bar per file: it fills when the file has been read in a worker process.
    bar = st.progress(0.0 if stale else 1.0, text=t("contribute.reading", name=upload.name))
    if stale:
        report = errors.run_heavy(
            context,
            review.read_file,
            upload.name,
            upload.getvalue(),
            region,
            year,
            tables,
            budget_seconds=limits.EXTRACTION_BUDGET_SECONDS,
        )
        if report is None:
            bar.empty()
            continue
        held[key] = report
    if report.refusal is not None:
        bar.empty()
        operator_log.log_refused_upload(
            "report", upload.getvalue(), upload.name, reason=report.refusal.code
        )
        reason = t(f"document.{report.refusal.code}", **report.refusal.values)
        st.error(
            t(
                "contribute.refused_file",
                name=display.plain(upload.name),
                reason=display.plain(reason),
            )
        )
        continue
    bar.progress(
        1.0, text=t("contribute.read_done", name=upload.name, count=len(report.candidates))
    )
    reads.append((upload.name, key, report))

if reads:
    region_ids = dataset.regions["region_id"].tolist()
    new_indicators: list[dict] = st.session_state.setdefault("contribute_new_indicators", [])
    lookups = contribute_view.lookups(dataset, lang, new_indicators)
    units_of = contribute_view.indicator_units(dataset, new_indicators)
    upload_key = hashlib.sha256("|".join(key for _, key, _ in reads).encode()).hexdigest()[:12]

    st.header(t("contribute.files"))
    st.caption(t("contribute.files_help"))
    files = st.data_editor(
        contribute_view.file_rows([(name, report) for name, _, report in reads], dataset, lang),
        key=f"contribute_files_{upload_key}",
        hide_index=True,
        width="stretch",
        disabled=["file"],
        column_config={
            "file": st.column_config.TextColumn(t("contribute.column.file")),
            "region": st.column_config.SelectboxColumn(
                t("contribute.column.region"),
                options=[lookups.regions[region] for region in region_ids],
                required=True,
            ),
            "year": st.column_config.NumberColumn(
                t("contribute.column.year"), min_value=1990, max_value=2035, step=1, format="%d"
            ),
            "kind": st.column_config.SelectboxColumn(
                t("contribute.column.kind"),
                options=[t(f"kind.{kind}") for kind in SOURCE_KINDS],
                required=True,
            ),
            "title_zh": st.column_config.TextColumn(t("contribute.column.title_zh")),
            "title_en": st.column_config.TextColumn(t("contribute.column.title_en")),
            "source_id": st.column_config.TextColumn(t("contribute.column.source_id")),
        },
    )
    # A region or year corrected by hand: that file is read again with it.
    changed = False
    for (_, key, report), row in zip(reads, files.to_dict("records"), strict=True):
        region = review.Lookups.back(lookups.regions, row["region"])
        year = None if row["year"] is None or str(row["year"]) == "<NA>" else int(row["year"])
        if region and (region, year) != (report.region_id, report.reference_year):
            wanted[key] = (region, year)
            changed = True
    if changed:
        st.rerun()

    with st.expander(t("contribute.shared"), expanded=True):
        left, right = st.columns(2)
        shared = contribute_view.Shared(
            publisher=left.text_input(t("contribute.publisher"), key="contribute_publisher"),
            publisher_en=right.text_input(
                t("contribute.publisher_en"), key="contribute_publisher_en"
            ),
            published=left.text_input(
                t("contribute.published"), key="contribute_published"
            ).strip(),
            language=right.selectbox(
                t("contribute.language"),
                ["zh-Hans", "zh-Hant"],
                format_func=lambda item: t(f"contribute.script.{item}"),
                key="contribute_language",
            ),
            url=st.text_input(t("contribute.url"), key="contribute_url").strip(),
        )
    forms = contribute_view.forms_for(files, shared, lookups, lang)

    st.header(t("contribute.review"))
    candidates_count = sum(len(report.candidates) for _, _, report in reads)
    st.caption(t("contribute.found", count=candidates_count) + " " + t("contribute.review_help"))
    mode = st.session_state.get("contribute_accept_mode")
    round_number = st.session_state.get("contribute_accept_round", 0)
    left, right, _ = st.columns([1, 1, 4])
    if left.button(t("contribute.accept_all"), key="contribute_accept_all"):
        mode, round_number = True, round_number + 1
    if right.button(t("contribute.reject_all"), key="contribute_reject_all"):
        mode, round_number = False, round_number + 1
    st.session_state["contribute_accept_mode"] = mode
    st.session_state["contribute_accept_round"] = round_number
    review_grid = review.review_frame(
        [(name, report) for name, _, report in reads],
        lookups,
        contribute_view.latest_by_region(dataset),
        units_of,
        lang,
        accept=mode,
    )
    if mode is None and review_grid["accept"].any():
        st.caption(t("contribute.preaccepted", count=int(review_grid["accept"].sum())))
    state = "|".join(
        f"{key}:{report.region_id}:{report.reference_year}" for _, key, report in reads
    )
    editor_key = hashlib.sha256(f"{state}|{round_number}".encode()).hexdigest()[:16]
    indicator_choices = sorted(
        lookups.indicators.values(),
        key=lambda name: (not name.startswith(t("contribute.new_prefix")), name),
    )
    edited = st.data_editor(
        review_grid,
        key=f"contribute_editor_{editor_key}",
        hide_index=True,
        width="stretch",
        height=420,
        disabled=["file", "suggestions", "check", "where", "excerpt", "confidence", "note"],
        column_order=list(review.REVIEW_COLUMNS),
        column_config={
            "accept": st.column_config.CheckboxColumn(t("contribute.column.accept")),
            "file": st.column_config.TextColumn(t("contribute.column.file")),
            "value_as_written": st.column_config.TextColumn(
                t("contribute.column.value_as_written")
            ),
            "value": st.column_config.NumberColumn(t("contribute.column.value"), format="%g"),
            "unit": st.column_config.SelectboxColumn(
                t("contribute.column.unit"), options=[""] + list(lookups.units.values())
            ),
            "qualifier": st.column_config.SelectboxColumn(
                t("contribute.column.qualifier"), options=list(lookups.qualifiers.values())
            ),
            "year": st.column_config.NumberColumn(t("contribute.column.year"), format="%d", step=1),
            "period_start": st.column_config.TextColumn(t("contribute.column.period_start")),
            "region": st.column_config.SelectboxColumn(
                t("contribute.column.region"),
                options=[lookups.regions[region] for region in region_ids],
            ),
            "indicator": st.column_config.SelectboxColumn(
                t("contribute.column.indicator"), options=["", *indicator_choices], width="medium"
            ),
            "suggestions": st.column_config.TextColumn(
                t("contribute.column.suggestions"), width="large"
            ),
            "check": st.column_config.TextColumn(t("contribute.column.check"), width="large"),
            "where": st.column_config.TextColumn(t("contribute.column.where"), width="medium"),
            "excerpt": st.column_config.TextColumn(t("contribute.column.excerpt"), width="large"),
            "confidence": st.column_config.ProgressColumn(
                t("contribute.column.confidence"), min_value=0.0, max_value=1.0, format="%.2f"
            ),
            "note": st.column_config.TextColumn(t("label.note")),
        },
    )
    for name, _, report in reads:
        rows = edited[edited["file"] == name]
        accepted = {
            int(number)
            for number, flag in zip(rows["row_number"], rows["accept"], strict=True)
            if flag
        }
        with st.expander(f"{t('contribute.text')} · {name}", expanded=False):
            st.html(review.highlighted_html(report.text, report.candidates, accepted))

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
            format_func=lambda item: unit_name(item, lang),
            key="contribute_new_unit",
        )
        period_type = right.selectbox(
            t("contribute.period_type"),
            list(PERIOD_TYPES),
            format_func=lambda item: t(f"contribute.period_type.{item}"),
            key="contribute_new_period",
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
            st.success(t("contribute.indicator_added", id=display.plain(new_id.strip())))
            st.rerun()

    st.subheader(t("contribute.preview"))
    accepted_rows = review.reviewed_rows(
        edited, lookups, {name: form.source_id for name, form in forms.items()}
    )
    grid = review.preview_grid(contribute_view.concat_rows(accepted_rows), lookups, units_of, lang)
    if grid.empty:
        st.caption(t("contribute.preview_empty"))
    else:
        st.dataframe(grid, key="contribute_preview", width="stretch")

    # The plans form's unit-slip check, on every accepted row as edited (value and indicator).
    slips = review.row_checks(
        review.decoded_review(edited, lookups),
        contribute_view.latest_by_region(dataset),
        units_of,
        lang,
    )
    doubtful = len(slips)
    checked = True
    if doubtful:
        st.warning(t("contribute.slips_block", count=doubtful))
        st.dataframe(
            contribute_view.slip_rows(edited, slips, lang),
            hide_index=True,
            key="contribute_slip_rows",
        )
        checked = st.checkbox(t("contribute.slips_checked"), key="contribute_slips_checked")

    def build() -> None:
        """Check the accepted rows of every file, then build one bundle and offer it."""
        if not checked:
            st.error(t("contribute.slips_block", count=doubtful))
            return
        texts = {name: report.text for name, _, report in reads}
        check = contribute_view.check_many(forms, edited, texts, lookups, new_indicators, lang)
        if check.error:
            st.error(check.error)
        elif check.warning:
            st.warning(check.warning)
        elif check.problems is not None:
            st.error(t("contribute.problems"))
            st.dataframe(check.problems, hide_index=True, key=check.problems_key)
        else:
            st.success(t("contribute.passed", count=check.rows))
            first = next(iter(forms.values())).source_id
            st.download_button(
                t("contribute.download"),
                check.bundle,
                file_name=f"civil-affairs_bundle_{first}.zip",
                mime="application/zip",
                key="contribute_download",
            )

    if st.button(t("contribute.build"), key="contribute_build", type="primary"):
        build()
