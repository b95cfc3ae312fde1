"""How a source is named beside a figure, under a chart, in a table and in the sources sheet."""

from __future__ import annotations

import pandas as pd

from civdash.core.formatting import year_span
from civdash.data.loader import Dataset
from civdash.i18n import join, text


def source_titles(dataset: Dataset, source_ids, lang: str) -> str:
    titles = []
    for source_id in dict.fromkeys(str(source) for source in source_ids):
        row = dataset.source_rows.get(source_id)
        if row is None:
            titles.append(text("label.user_supplied", lang) if source_id == "user" else source_id)
        else:
            publisher, title = source_names(row, lang)
            if lang == "zh":
                titles.append(f"{publisher}《{title}》({row['published']})")
            else:
                titles.append(f'{publisher}, "{title}" ({row["published"]})')
    return join(titles, lang)


def source_link(url) -> str:
    """' https://…' where a source has a web address, else '' (never 'nan' or 'None')."""
    return f" {url.strip()}" if isinstance(url, str) and url.strip() else ""


def source_names(row, lang: str) -> tuple[str, str]:
    """(publisher, title) in the language; English falls back to Chinese when untranslated."""
    if lang == "zh":
        return str(row["publisher"]), str(row["title"])
    publisher, title = row.get("publisher_en"), row.get("title_en")
    return (
        publisher if isinstance(publisher, str) and publisher else str(row["publisher"]),
        title if isinstance(title, str) and title else str(row["title"]),
    )


def card_source(dataset: Dataset, source_id, lang: str) -> str:
    """A source named beside a figure: its posting date is said to be one, not the data year."""
    row = dataset.source_rows.get(str(source_id))
    if row is None:
        return source_titles(dataset, [source_id], lang)
    publisher, title = source_names(row, lang)
    return text(
        "label.source_posted", lang, publisher=publisher, title=title, date=row["published"]
    )


def source_line(dataset: Dataset, source_ids, lang: str) -> str:
    return text("chart.source_line", lang, sources=source_titles(dataset, source_ids, lang))


def source_column(dataset: Dataset, rows: pd.DataFrame, lang: str) -> list[str]:
    """Source titles; a user-supplied row shows the analyst's own source note, marked."""
    user_notes = rows["user_source"] if "user_source" in rows.columns else None
    values = []
    for position, source_id in enumerate(rows["source_id"].astype(str)):
        title = source_titles(dataset, [source_id], lang)
        if source_id == "user" and user_notes is not None:
            note = user_notes.iloc[position]
            if isinstance(note, str) and note:
                title = f"{title}: {note}"
        values.append(title)
    return values


def source_ranges(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Each source with the span of years its figures describe."""
    return dataset.memo(("source_ranges", lang), lambda: _source_ranges(dataset, lang))


def _source_ranges(dataset: Dataset, lang: str) -> pd.DataFrame:
    facts = dataset.facts
    spans = facts.groupby("source_id", observed=True).agg(
        first=("year", "min"),
        last=("year", "max"),
        figures=("value", "size"),
        earliest_start=("period_start", "min"),
    )
    rows = []
    for source in dataset.sources.itertuples():
        if source.source_id not in spans.index:
            continue
        span = spans.loc[source.source_id]
        first = int(span["first"])
        if not pd.isna(span["earliest_start"]):
            first = min(first, int(span["earliest_start"]))
        rows.append(
            {
                text("label.source", lang): source_names(source._asdict(), lang)[1],
                text("label.region", lang): dataset.region_name(source.region_id, lang),
                text("label.kind", lang): text(f"kind.{source.kind}", lang),
                text("label.published", lang): source.published,
                text("label.date_range", lang): year_span(first, span["last"]),
                text("label.figures", lang): int(span["figures"]),
            }
        )
    return pd.DataFrame(rows)


def source_sheet(dataset: Dataset, source_ids, lang: str) -> pd.DataFrame:
    """The XLSX 'sources' sheet: publisher and title in the language, headers localised."""
    chosen = dataset.sources[dataset.sources["source_id"].isin(set(source_ids))]
    names = [source_names(row, lang) for row in chosen.to_dict("records")]
    sheet = pd.DataFrame(
        {
            text("label.publisher", lang): [publisher for publisher, _ in names],
            text("label.title", lang): [title for _, title in names],
            text("label.published", lang): chosen["published"].astype(str),
            text("label.region", lang): [
                dataset.region_name(region, lang) for region in chosen["region_id"]
            ],
            text("label.kind", lang): [text(f"kind.{kind}", lang) for kind in chosen["kind"]],
            text("label.file", lang): chosen["file"].astype(str),
            text("label.url", lang): [source_link(url).strip() for url in chosen["url"]],
            "source_id": chosen["source_id"],
        }
    ).reset_index(drop=True)
    # No report has a web address yet: an all-empty column says nothing, so it is left out.
    url = text("label.url", lang)
    if not sheet[url].astype(str).str.strip().any():
        sheet = sheet.drop(columns=[url])
    return sheet
