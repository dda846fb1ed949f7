using System.Buffers;
using System.Text;
using Gateway.Observability.Logging;

namespace Gateway.UnitTests.Observability;

/// <summary>serve's log output: lines are held and written together, whole, never split or lost on an orderly stop.</summary>
public sealed class BufferedLogOutputTests
{
    private static ArrayBufferWriter<byte> Line(string text)
    {
        var line = new ArrayBufferWriter<byte>();
        line.Write(Encoding.UTF8.GetBytes(text));
        return line;
    }

    [Fact]
    public void Lines_are_held_until_the_interval_or_a_flush_and_then_written_whole_in_order()
    {
        using var stream = new MemoryStream();
        using var output = LogOutput.Buffered(stream, TimeSpan.FromHours(1));

        output.WriteLine(Line("{\"n\":1}"));
        output.WriteLine(Line("{\"n\":2}"));
        var beforeFlush = stream.Length;
        output.Flush();

        Assert.Equal(0, beforeFlush);
        Assert.Equal("{\"n\":1}\n{\"n\":2}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void A_full_buffer_is_written_at_once_and_disposing_writes_the_rest()
    {
        using var stream = new MemoryStream();
        var output = LogOutput.Buffered(stream, TimeSpan.FromHours(1));
        var text = "{\"pad\":\"" + new string('x', 1000) + "\"}";

        for (var i = 0; i < 1100; i++)
        {
            output.WriteLine(Line(text));
        }
        var beforeDispose = stream.Length;
        output.Dispose();

        // Past 1 MB pending, the writing thread writes the batch itself; the rest waits for the timer or the dispose.
        Assert.InRange(beforeDispose, 1024 * 1024, 1100 * (text.Length + 1) - 1);
        Assert.Equal(1100, Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line == text));
    }

    [Fact]
    public async Task The_interval_writes_what_is_pending()
    {
        using var stream = new MemoryStream();
        using var output = LogOutput.Buffered(stream, TimeSpan.FromMilliseconds(20));

        output.WriteLine(Line("{\"n\":1}"));
        for (var tries = 0; tries < 200 && stream.Length == 0; tries++)
        {
            await Task.Delay(10);
        }

        Assert.Equal("{\"n\":1}\n", Encoding.UTF8.GetString(stream.ToArray()));
    }
}
