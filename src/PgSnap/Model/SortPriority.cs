namespace PgSnap.Model;

/// <summary>
/// Coarse output order of object kinds before dependencies are applied, after pg_dump_sort.c's
/// dbObjectTypePriority: objects of a kind that others usually need come first, so the topological sort
/// has little to move.
/// </summary>
internal enum SortPriority
{
    Namespace = 1,
    ProcLanguage,
    Collation,
    Transform,
    Extension,
    Type,
    Cast,
    Function,
    Aggregate,
    AccessMethod,
    Operator,
    OperatorFamily,
    Conversion,
    TextSearchParser,
    TextSearchTemplate,
    TextSearchDictionary,
    TextSearchConfiguration,
    ForeignDataWrapper,
    ForeignServer,
    Table,
    TableAttach,
    DummyType,
    AttributeDefault,
    LargeObject,
    SequenceSet,
    Constraint,
    Index,
    IndexAttach,
    StatisticsObject,
    Rule,
    Trigger,
    FkConstraint,
    Policy,
    Publication,
    PublicationRelation,
    PublicationSchema,
    Subscription,

    /// <summary>
    /// Privileges of objects the dump does not create (extension members, built-in objects): after everything else
    /// of pre-data, as pg_dump restores its ACL entries in a pass of their own after the objects.
    /// </summary>
    Acl,
    DefaultAcl,
    EventTrigger,
    RefreshMaterializedView,
}
