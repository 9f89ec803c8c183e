using System.Text;
using PgSnap.Catalog.Coverage;
using PgSnap.Ddl;
using PgSnap.Dump;
using PgSnap.Model.Objects;

namespace PgSnap.Emit;

/// <summary>
/// What every emitter needs to turn catalog records into statements: the quoting rules, the dump's options (which
/// decorations to leave out) and the coverage bookkeeping of what was written. It holds no connection, so an emitter
/// runs in a unit test from records alone (docs/ARCHITECTURE.md, "Catalog → model → emitters").
/// </summary>
internal sealed class EmitContext
{
    public EmitContext(Quoting quoting, DumpOptions options)
    {
        Quoting = quoting;
        Options = options;
        Decorations = new Decorations(quoting, options);
    }

    public Quoting Quoting { get; }

    public DumpOptions Options { get; }

    /// <summary>Owner, privileges, comments, labels, tablespace and DROP statements under the options.</summary>
    public Decorations Decorations { get; }

    /// <summary>pg_description keys whose comment a block wrote: the coverage audit looks for the others.</summary>
    public HashSet<CatalogKey> EmittedComments { get; } = [];

    /// <summary>pg_seclabel keys whose labels a block wrote.</summary>
    public HashSet<CatalogKey> EmittedLabels { get; } = [];

    /// <summary>Large objects whose metadata block was written.</summary>
    public HashSet<uint> EmittedLargeObjects { get; } = [];

    /// <summary>COMMENT ON plus SECURITY LABEL statements of one catalog row, recorded for the coverage audit.</summary>
    /// <param name="kind">The keyword after COMMENT ON / SECURITY LABEL … ON (TABLE, FUNCTION, CAST…).</param>
    /// <param name="target">The object as those statements name it, quoted.</param>
    public void Describe(StringBuilder sb, string kind, string target, Description description)
    {
        if (description.Comment is not null)
        {
            EmittedComments.Add(description.Key);
        }

        Decorations.Comment(sb, kind, target, description.Comment);
        if (description.Labels.Count > 0)
        {
            EmittedLabels.Add(description.Key);
            foreach (var label in description.Labels)
            {
                Decorations.SecurityLabel(sb, kind, target, label.Provider, label.Label);
            }
        }
    }
}
