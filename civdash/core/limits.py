"""Documented limits on user input, checked before any work is done (README, "Limits")."""

from __future__ import annotations

# One upload, observations or stations, counted in bytes as they arrive. Decimal megabytes,
# because Streamlit's uploader counts a megabyte as 1,000,000 bytes outside Windows.
MAX_UPLOAD_BYTES = 10_000_000
MAX_UPLOAD_MB = MAX_UPLOAD_BYTES // 1_000_000
# Streamlit's own cap (server.maxUploadSize in .streamlit/config.toml, and the uploaders'
# max_upload_size) sits one megabyte above ours, so a file just over the limit reaches our
# check and is refused in the page's language; Streamlit's English refusal only meets files
# more than a megabyte over.
UPLOADER_BACKSTOP_MB = MAX_UPLOAD_MB + 1

# Any one cell: a source note of a paragraph fits; a 130,000-character cell is an attack.
MAX_FIELD_CHARS = 2_000
# A value, year or id cell: the longest real figure (不少于1,234,567.89万) is under 20.
MAX_VALUE_CHARS = 64
# Header fields: 7 known columns plus room for a spreadsheet's leftovers.
MAX_HEADER_FIELDS = 50

# Data rows in one observations upload, and user rows one session may hold in total.
MAX_OBSERVATION_ROWS = 20_000
MAX_USER_ROWS_PER_SESSION = 50_000
# Rows in one station upload, and stations that go into one coverage analysis. A county's
# list of every community station (a few thousand) passes; a national list does not.
MAX_STATION_ROWS = 10_000
MAX_STATIONS_PER_ANALYSIS = 5_000

# Problems listed per file; the rest are counted in one "N more" line.
MAX_PROBLEMS = 200
# Distinct misspelt ids that get a "did you mean" suggestion (difflib costs ~2 ms each).
MAX_SUGGESTIONS = 50

# A report for the 数据采集 page: a long annual report is some 100,000 characters; a larger text
# goes through `python -m civdash extract` on a maintainer's machine instead.
MAX_REPORT_CHARACTERS = 400_000
# Seconds a worker process may spend reading a report and finding its figures.
EXTRACTION_BUDGET_SECONDS = 60.0

# Seconds a worker process may spend on one validation or one coverage analysis.
VALIDATION_BUDGET_SECONDS = 30.0
COVERAGE_BUDGET_SECONDS = 120.0
# Worker processes for large jobs running at once for the whole server, plus slots only small
# jobs (input up to SMALL_JOB_BYTES) may take, so that a small upload is answered while large
# ones run. One session holds at most one slot. A further request waits in a fair queue
# (its place shown) up to WORKER_WAIT_SECONDS, or is told the server is busy when
# MAX_QUEUED_JOBS already wait.
MAX_WORKERS = 2
SMALL_JOB_SLOTS = 1
SMALL_JOB_BYTES = 64 * 1024
WORKER_WAIT_SECONDS = 120.0
MAX_QUEUED_JOBS = 20
# CPU seconds a job may use: a base plus one second per this many bytes of input, never more
# than its wall-clock budget (a 300 KB report: 20 s; a 10 MB one: the whole budget).
WORKER_CPU_BASE_SECONDS = 5.0
WORKER_CPU_BYTES_PER_SECOND = 20_000
# Address space a worker may add to what it starts with (about 390 MB mapped, 65 MB resident,
# with the heavy modules loaded). The largest allowed station analysis (5,000 stations with
# 600-character names, 9.6 MB) needs about 620 MB of it and peaks at 454 MB resident; a
# .docx is refused above 50 MB inflated (archive_limits). One upload's worker keeps the
# server's process tree (server about 450 MB) near 1 GB; past the ceiling the job ends
# with MemoryError and the page says so.
WORKER_MEMORY_BYTES = 700_000_000
SMALL_JOB_MEMORY_BYTES = 200_000_000
# Uploads smaller than this validate on the script thread: they take milliseconds.
INLINE_VALIDATION_BYTES = 64 * 1024
# A physical line: seven fields of MAX_FIELD_CHARS fit; checked before the CSV reader runs.
MAX_LINE_CHARS = 20_000
