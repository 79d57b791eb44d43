"""What each notebook shows: functions that take a Session and analysis results
and display headings, sentences, tables and figures. Notebooks only call these."""
