namespace PgSnap.Model.Objects;

/// <summary>An aggregate's pg_aggregate row; its functions as regproc text, its types formatted.</summary>
/// <param name="Kind">aggkind: n (normal), o (ordered-set) or h (hypothetical-set).</param>
/// <param name="TransSpace">aggtransspace, 0 when unset.</param>
/// <param name="FinalModify">aggfinalmodify: r (read only), s (shareable) or w (read write).</param>
/// <param name="InitVal">agginitval, the initial state's text, or null.</param>
/// <param name="Moving">The moving-aggregate mode, when the aggregate has one (aggmtransfn set).</param>
/// <param name="SortOp">aggsortop as regoperator text (name(left,right)), or null.</param>
/// <param name="Parallel">The aggregate's proparallel: s (safe), r (restricted) or u (unsafe).</param>
internal sealed record AggregateRecord(
    char Kind,
    string TransFn,
    string TransType,
    int TransSpace,
    string? FinalFn,
    bool FinalExtra,
    char FinalModify,
    string? CombineFn,
    string? SerialFn,
    string? DeserialFn,
    string? InitVal,
    MovingAggregate? Moving,
    string? SortOp,
    char Parallel);

/// <summary>The moving-aggregate mode of an aggregate (pg_aggregate's aggm* columns).</summary>
/// <param name="InverseTransFn">aggminvtransfn.</param>
/// <param name="TransType">aggmtranstype, formatted.</param>
/// <param name="TransSpace">aggmtransspace, 0 when unset.</param>
/// <param name="FinalModify">aggmfinalmodify: r, s or w.</param>
/// <param name="InitVal">aggminitval, or null.</param>
internal sealed record MovingAggregate(
    string TransFn,
    string? InverseTransFn,
    string? TransType,
    int TransSpace,
    string? FinalFn,
    bool FinalExtra,
    char FinalModify,
    string? InitVal);
