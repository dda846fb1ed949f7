using Gateway.Forwarding;

namespace Gateway.UnitTests.Forwarding;

/// <summary>
/// The connection wrapper's reads, on each way a read can end: at once or later, with bytes, at the end of the stream,
/// or with a failure, and reads that overlap. C13NoSilentReplayTests covers what it is for, end to end.
/// </summary>
public sealed class NoSilentReplayStreamTests
{
    [Fact]
    public async Task A_read_that_waits_gets_the_bytes_when_they_arrive_and_the_next_reads_do_too()
    {
        var connection = new HeldReads();
        var stream = new NoSilentReplayStream(connection);
        for (var round = 1; round <= 3; round++)
        {
            await stream.WriteAsync(new byte[] { 1 });
            var buffer = new byte[8];
            var read = stream.ReadAsync(buffer);
            Assert.False(read.IsCompleted);

            connection.Answer(round - 1, round);

            Assert.Equal(round, await read);
        }
    }

    [Fact]
    public async Task The_connection_closing_after_a_request_without_a_byte_of_answer_is_an_error_when_the_read_waited()
    {
        var connection = new HeldReads();
        var stream = new NoSilentReplayStream(connection);
        await stream.WriteAsync(new byte[] { 1 });
        var read = stream.ReadAsync(new byte[8]);

        connection.Answer(0, 0);

        var error = await Assert.ThrowsAsync<IOException>(async () => await read);
        Assert.Contains("without answering", error.Message);
    }

    [Fact]
    public async Task The_connection_already_closed_after_a_request_faults_the_read_instead_of_throwing_at_the_caller()
    {
        var stream = new NoSilentReplayStream(new MemoryStream());
        await stream.WriteAsync(new byte[] { 1 });

        var read = stream.ReadAsync(new byte[8]);

        Assert.True(read.IsFaulted);
        await Assert.ThrowsAsync<IOException>(async () => await read);
    }

    [Fact]
    public async Task An_idle_connection_closing_is_an_ordinary_end_of_stream()
    {
        var connection = new HeldReads();
        var stream = new NoSilentReplayStream(connection);
        var read = stream.ReadAsync(new byte[8]);

        connection.Answer(0, 0);

        Assert.Equal(0, await read);
    }

    [Fact]
    public async Task A_failing_read_passes_its_error_on_and_leaves_the_stream_readable()
    {
        var connection = new HeldReads();
        var stream = new NoSilentReplayStream(connection);
        var failed = stream.ReadAsync(new byte[8]);
        connection.Fail(0, new IOException("reset by peer"));
        Assert.Equal("reset by peer", (await Assert.ThrowsAsync<IOException>(async () => await failed)).Message);

        var next = stream.ReadAsync(new byte[8]);
        connection.Answer(1, 5);

        Assert.Equal(5, await next);
    }

    [Fact]
    public async Task Overlapping_reads_each_get_their_own_answer()
    {
        var connection = new HeldReads();
        var stream = new NoSilentReplayStream(connection);
        var first = stream.ReadAsync(new byte[8]);
        var second = stream.ReadAsync(new byte[8]);

        connection.Answer(1, 2);
        connection.Answer(0, 1);

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
    }

    /// <summary>A connection whose reads end when the test says so, in any order.</summary>
    private sealed class HeldReads : Stream
    {
        private readonly List<TaskCompletionSource<int>> _reads = [];

        public void Answer(int read, int bytes) => _reads[read].SetResult(bytes);

        public void Fail(int read, Exception error) => _reads[read].SetException(error);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _reads.Add(read);
            return new ValueTask<int>(read.Task);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) { }
    }
}
