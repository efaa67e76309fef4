using Harvard.Circulation.Orleans.Desks;
using Harvard.Circulation.Orleans.Notices;
using NodaTime;

namespace Harvard.Circulation.Orleans.Tests.Desks;

/// <summary>What the outbox records of the sender's progress: every notice before an instant, and by id those of
/// that instant — so it stays the size of one instant's notices, whatever the notices are numbered by.</summary>
public sealed class NoticesSentStateTests
{
    private static readonly Instant Monday = Instant.FromUtc(2026, 9, 7, 9, 0);

    private static DeskNotice Notice(string id, Instant at) => new(id, "desk", 0, "overdue", "10000001", at, null, null, null);

    [Fact]
    public void Accepting_NoticesInTimeOrder_KeepsTheirLastInstantsIdsOnly()
    {
        var first = Notice("desk/10000001/0", Monday);
        var second = Notice("desk/10000002/0", Monday + Duration.FromDays(1));
        var third = Notice("desk/10000001/1", Monday + Duration.FromDays(1));

        var sent = new NoticesSentState().Accepting([first, second]).Accepting([third]);

        Assert.Equal((Monday + Duration.FromDays(1)).ToUnixTimeTicks(), sent.BeforeTicks);
        Assert.Equal(["desk/10000002/0", "desk/10000001/1"], sent.AcceptedAt);
        var accepted = sent.Accepted();
        Assert.True(accepted(first));
        Assert.True(accepted(third));
        Assert.False(accepted(Notice("desk/10000003/0", Monday + Duration.FromDays(1))));
        Assert.False(accepted(Notice("desk/10000001/2", Monday + Duration.FromDays(2))));
    }

    [Fact]
    public void New_HasAcceptedNothing_AndAcceptingNothingChangesNothing()
    {
        var none = new NoticesSentState();
        var notice = Notice("desk/0", Monday);

        Assert.False(none.Accepted()(notice));
        Assert.False(none.Accepting([]).Accepted()(notice));
        Assert.Empty(none.Accepting([]).AcceptedAt);
        Assert.Equal(long.MinValue, none.Accepting([]).BeforeTicks);
    }
}
