using System.Buffers;
using System.Text;
using PgSnap.Archive.Writing;

namespace PgSnap.Data;

/// <summary>
/// <c>--inserts</c> / <c>--column-inserts</c> / <c>--rows-per-insert</c>: reads the slice as COPY text and turns
/// each row into INSERT values. This is the one data path that reads values: every field is un-escaped from COPY
/// text (<c>\N</c>, <c>\t</c>, <c>\\</c>, octal, hex…) and written as a standard string literal with quotes doubled
/// (the archive sets standard_conforming_strings = on, so backslashes stay literal). Quoting numbers too is valid SQL
/// for every type: an untyped literal takes the column's type.
/// </summary>
internal static class InsertSliceExporter
{
    /// <summary>A block is cut at the first statement end after it has less room than this.</summary>
    private const int CutSlack = 64 * 1024;

    public static async Task<long> ExportAsync(ICopyOutSession session, TableSlice slice, ArchiveWriter writer, DataExportOptions options, CancellationToken cancellationToken)
    {
        var table = slice.Table.Entry;
        var pipe = CopySliceExporter.NewPipe();
        await using var assembler = new DataBlockAssembler(writer, slice.Table, options.BlockSize, options.DisableTriggers, ArchiveWriter.TableDataKind, string.Empty, string.Empty);
        var formatter = new InsertFormatter(table, options);
        var producing = CopySliceExporter.ProduceAsync(session, CopyStatements.CopyOut(slice), pipe.Writer, cancellationToken);
        long rows = 0;
        var scratch = new ArrayBufferWriter<byte>();
        try
        {
            while (true)
            {
                var result = await pipe.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (line.IsSingleSegment)
                    {
                        formatter.WriteRow(assembler, line.FirstSpan);
                    }
                    else
                    {
                        scratch.ResetWrittenCount();
                        foreach (var part in line)
                        {
                            scratch.Write(part.Span);
                        }

                        formatter.WriteRow(assembler, scratch.WrittenSpan);
                    }

                    rows++;
                    if (formatter.AtStatementEnd && assembler.Room < CutSlack)
                    {
                        await assembler.CutAsync(assembler.RowsLength, formatter.TakeBlockRows(), cancellationToken).ConfigureAwait(false);
                    }
                }

                pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw new PgSnapException(PgSnapErrorKind.Failure, $"COPY of {table.QualifiedName} ended in the middle of a row");
                    }

                    break;
                }
            }

            formatter.EndStatement(assembler);
            await assembler.CompleteAsync(formatter.TakeBlockRows(), cancellationToken).ConfigureAwait(false);
            await pipe.Reader.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await pipe.Reader.CompleteAsync(ex).ConfigureAwait(false);
            await producing.ConfigureAwait(false);
            throw;
        }

        await producing.ConfigureAwait(false);
        return rows;
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            line = default;
            return false;
        }

        line = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        return true;
    }

    /// <summary>Builds INSERT statements row by row, grouping <c>RowsPerInsert</c> rows per statement.</summary>
    private sealed class InsertFormatter
    {
        private readonly byte[] _head;
        private readonly byte[] _end;
        private readonly int _rowsPerStatement;
        private readonly bool _defaultValues;
        private int _inStatement;
        private long _blockRows;

        public InsertFormatter(Model.TableDataEntry table, DataExportOptions options)
        {
            _defaultValues = table.ColumnList.Length == 0;
            // A table without columns gets one "INSERT … DEFAULT VALUES" per row, as pg_dump writes it.
            var head = _defaultValues ? $"INSERT INTO {table.QualifiedName} DEFAULT VALUES"
                : options.Inserts == InsertMode.ColumnValues ? $"INSERT INTO {table.QualifiedName} ({table.ColumnList}) VALUES"
                : $"INSERT INTO {table.QualifiedName} VALUES";
            _head = Encoding.UTF8.GetBytes(head);
            _end = Encoding.UTF8.GetBytes(options.OnConflictDoNothing ? " ON CONFLICT DO NOTHING;\n" : ";\n");
            _rowsPerStatement = _defaultValues ? 1 : options.RowsPerInsert;
        }

        public bool AtStatementEnd => _inStatement == 0;

        public long TakeBlockRows()
        {
            var rows = _blockRows;
            _blockRows = 0;
            return rows;
        }

        public void WriteRow(DataBlockAssembler output, ReadOnlySpan<byte> copyRow)
        {
            _blockRows++;
            if (_defaultValues)
            {
                output.Write(_head);
                output.Write(_end);
                return;
            }

            if (_inStatement == 0)
            {
                output.Write(_head);
                output.Write(_rowsPerStatement == 1 ? " ("u8 : "\n\t("u8);
            }
            else
            {
                output.Write(",\n\t("u8);
            }

            WriteValues(output, copyRow);
            output.Write(")"u8);
            _inStatement++;
            if (_inStatement == _rowsPerStatement)
            {
                output.Write(_end);
                _inStatement = 0;
            }
        }

        public void EndStatement(DataBlockAssembler output)
        {
            if (_inStatement > 0)
            {
                output.Write(_end);
                _inStatement = 0;
            }
        }

        private static void WriteValues(DataBlockAssembler output, ReadOnlySpan<byte> row)
        {
            var first = true;
            while (true)
            {
                var tab = row.IndexOf((byte)'\t');
                var field = tab < 0 ? row : row[..tab];
                if (!first)
                {
                    output.Write(", "u8);
                }

                first = false;
                WriteLiteral(output, field);
                if (tab < 0)
                {
                    break;
                }

                row = row[(tab + 1)..];
            }
        }

        /// <summary>One COPY text field as a SQL literal: NULL, or '…' with COPY's escapes undone and quotes doubled.</summary>
        internal static void WriteLiteral(DataBlockAssembler output, ReadOnlySpan<byte> field)
        {
            if (field.SequenceEqual("\\N"u8))
            {
                output.Write("NULL"u8);
                return;
            }

            // At most one output byte per input byte, plus doubled quotes and the two enclosing ones.
            var span = output.GetSpan((field.Length * 2) + 2);
            var n = 0;
            span[n++] = (byte)'\'';
            for (var i = 0; i < field.Length; i++)
            {
                var b = field[i];
                if (b == (byte)'\'')
                {
                    span[n++] = (byte)'\'';
                    span[n++] = (byte)'\'';
                    continue;
                }

                if (b != (byte)'\\' || i + 1 >= field.Length)
                {
                    span[n++] = b;
                    continue;
                }

                var c = field[++i];
                switch (c)
                {
                    case (byte)'b': span[n++] = 0x08; break;
                    case (byte)'f': span[n++] = 0x0C; break;
                    case (byte)'n': span[n++] = 0x0A; break;
                    case (byte)'r': span[n++] = 0x0D; break;
                    case (byte)'t': span[n++] = 0x09; break;
                    case (byte)'v': span[n++] = 0x0B; break;
                    case >= (byte)'0' and <= (byte)'7':
                        {
                            var value = c - '0';
                            for (var k = 0; k < 2 && i + 1 < field.Length && field[i + 1] is >= (byte)'0' and <= (byte)'7'; k++)
                            {
                                value = (value * 8) + (field[++i] - '0');
                            }

                            n = PutByte(span, n, (byte)value);
                            break;
                        }

                    case (byte)'x' when i + 1 < field.Length && IsHex(field[i + 1]):
                        {
                            var value = Hex(field[++i]);
                            if (i + 1 < field.Length && IsHex(field[i + 1]))
                            {
                                value = (value * 16) + Hex(field[++i]);
                            }

                            n = PutByte(span, n, (byte)value);
                            break;
                        }

                    default:
                        n = PutByte(span, n, c);
                        break;
                }
            }

            span[n++] = (byte)'\'';
            output.Advance(n);
        }

        private static int PutByte(Span<byte> span, int n, byte value)
        {
            span[n++] = value;
            if (value == (byte)'\'')
            {
                span[n++] = value;
            }

            return n;
        }

        private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

        private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
    }
}
