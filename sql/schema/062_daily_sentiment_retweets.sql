-- 062: retweets in the daily factor (docs/aggregation.md, "Retweets"). By default the counts n_pos/n_neu/n_neg/
-- n_total (and the means, bullishness and net) hold each distinct post once: retweets are left out of them and
-- counted apart in n_retweets, with their labels in n_rt_pos/n_rt_neu/n_rt_neg. With Aggregation:CountRetweets
-- they are in the counts too, and retweets_counted says so. sf.daily_counts() reads either way.
ALTER TABLE sf.daily_sentiment
    ADD COLUMN n_retweets       integer NOT NULL DEFAULT 0,
    ADD COLUMN n_rt_pos         integer NOT NULL DEFAULT 0,
    ADD COLUMN n_rt_neu         integer NOT NULL DEFAULT 0,
    ADD COLUMN n_rt_neg         integer NOT NULL DEFAULT 0,
    ADD COLUMN retweets_counted boolean NOT NULL DEFAULT false;

-- Rows computed before this migration counted every post, retweets included, without telling them apart:
-- recompute (`sf aggregate`) to split them.
UPDATE sf.daily_sentiment SET retweets_counted = true;
