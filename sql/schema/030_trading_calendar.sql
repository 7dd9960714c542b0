-- 030: the NASDAQ trading calendar as a table, so the database assigns posts to trading days with the same
-- rule as the C# calendar (SentimentFactor.Core.Calendar.NasdaqCalendar). Rows are written by the aggregation
-- store from that calendar (2000-01-01 .. 2030-12-31); nothing here computes holidays.

CREATE TABLE sf.trading_calendar (
    day               date        PRIMARY KEY,      -- the date in America/New_York
    is_trading_day    boolean     NOT NULL,
    close_at          timestamptz,                  -- the session's close (16:00 or 13:00 New York); NULL when closed
    early_close       boolean     NOT NULL DEFAULT false,
    closed_for        text,                         -- 'weekend', 'Good Friday', ...; NULL when open
    next_trading_day  date,                         -- first trading day after this date; NULL past the range
    CHECK (is_trading_day = (close_at IS NOT NULL)),
    CHECK (is_trading_day = (closed_for IS NULL))
);
CREATE UNIQUE INDEX trading_calendar_close_at_idx ON sf.trading_calendar (close_at) WHERE is_trading_day;

-- The sessions only, with their position: a post belongs to the first row whose close_at is strictly after
-- its created_at (docs/architecture.md, "Honesty rules"), and "N trading days" counts rows of this view.
CREATE VIEW sf.trading_days AS
SELECT day,
       close_at,
       early_close,
       row_number() OVER (ORDER BY day)  AS ordinal,
       lag(day) OVER (ORDER BY day)      AS previous_trading_day,
       next_trading_day
FROM sf.trading_calendar
WHERE is_trading_day;
