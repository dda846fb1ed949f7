using Gateway.Configuration;

namespace Gateway.Policies.RateLimiting;

/// <summary>Numbers consecutive windows of time: fixed lengths for rate limits, calendar periods for quotas.</summary>
public abstract class WindowSchedule
{
    public abstract long IndexAt(DateTimeOffset time);

    public abstract DateTimeOffset StartOf(long index);

    /// <summary>Equal windows of <paramref name="length"/>, counted from the Unix epoch.</summary>
    public static WindowSchedule Fixed(TimeSpan length) => new FixedLength(length);

    /// <summary>UTC calendar days, ISO weeks (from Monday) or months.</summary>
    public static WindowSchedule Calendar(QuotaPeriod period) => new CalendarPeriod(period);

    private sealed class FixedLength(TimeSpan length) : WindowSchedule
    {
        public override long IndexAt(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / length.Ticks;

        public override DateTimeOffset StartOf(long index) => DateTimeOffset.UnixEpoch + TimeSpan.FromTicks(index * length.Ticks);
    }

    private sealed class CalendarPeriod(QuotaPeriod period) : WindowSchedule
    {
        // 1970-01-01 was a Thursday: shifting by three days makes weeks start on Monday.
        private const long DaysFromMondayToEpoch = 3;

        public override long IndexAt(DateTimeOffset time)
        {
            var utc = time.UtcDateTime;
            var days = (long)(utc.Date - DateTime.UnixEpoch).TotalDays;
            return period switch
            {
                QuotaPeriod.Day => days,
                QuotaPeriod.Week => (days + DaysFromMondayToEpoch) / 7,
                _ => (utc.Year * 12L) + utc.Month - 1,
            };
        }

        public override DateTimeOffset StartOf(long index) => period switch
        {
            QuotaPeriod.Day => DateTimeOffset.UnixEpoch.AddDays(index),
            QuotaPeriod.Week => DateTimeOffset.UnixEpoch.AddDays((index * 7) - DaysFromMondayToEpoch),
            _ => new DateTimeOffset((int)(index / 12), (int)(index % 12) + 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }
}
