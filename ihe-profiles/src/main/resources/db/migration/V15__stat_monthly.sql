-- Monthly sums of stat_daily, maintained by the same roll-up (StatisticsStore#rollUp): a question by month reads one
-- row per month, hospital and group for its whole months (two years of discharge diagnoses by code: 10^4 rows
-- instead of 10^5) and daily rows only for the part-months at its ends.
CREATE TABLE stat_monthly (
    measure    VARCHAR(32)  NOT NULL,
    stat_month DATE         NOT NULL,  -- the first day of the month
    hospital   VARCHAR(250) NOT NULL,
    grp        VARCHAR(250) NOT NULL,
    n          BIGINT       NOT NULL,
    PRIMARY KEY (measure, stat_month, hospital, grp)
);

INSERT INTO stat_monthly (measure, stat_month, hospital, grp, n)
SELECT measure, CAST(DATE_TRUNC('MONTH', stat_day) AS DATE), hospital, grp, SUM(n) FROM stat_daily
GROUP BY measure, CAST(DATE_TRUNC('MONTH', stat_day) AS DATE), hospital, grp;
