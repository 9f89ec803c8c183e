namespace PgSnap.Model.Objects;

/// <summary>A function, procedure, window function or aggregate (pg_proc) of a dumped schema.</summary>
/// <param name="Kind">prokind: f (function), p (procedure), a (aggregate) or w (window function).</param>
/// <param name="InitialAcl">pg_init_privs' ACL, or the owner's default: the baseline of <paramref name="Acl"/>.</param>
/// <param name="IdentityArguments">pg_get_function_identity_arguments: the argument list that names it.</param>
/// <param name="Definition">pg_get_functiondef (the whole CREATE, with SECURITY DEFINER, SET…), for all but aggregates.</param>
/// <param name="AggregateArguments">pg_get_function_arguments of an aggregate (with ORDER BY for an ordered-set one).</param>
/// <param name="Aggregate">What pg_aggregate says, for an aggregate: no server function prints CREATE AGGREGATE.</param>
internal sealed record FunctionRecord(
    uint Oid,
    string Schema,
    string Name,
    char Kind,
    string Owner,
    string[]? Acl,
    string[]? InitialAcl,
    string IdentityArguments,
    string? Definition,
    string? AggregateArguments,
    AggregateRecord? Aggregate,
    Description Description);
