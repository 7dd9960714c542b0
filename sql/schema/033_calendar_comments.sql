-- 033: descriptions `sf sql list` shows for the calendar objects of 030.

COMMENT ON TABLE sf.trading_calendar IS
    'Every New York date 2000-2030: open (close_at) or closed (closed_for); written from NasdaqCalendar by sf aggregate.';
COMMENT ON VIEW sf.trading_days IS
    'NASDAQ sessions with close_at, ordinal and previous/next trading day; a post belongs to the first close after it.';
