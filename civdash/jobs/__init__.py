"""Work run off the server thread: the worker pool and the station analysis."""
