namespace PgSnap.Model;

/// <summary>
/// The address of a catalog row: the oid of the catalog table it lives in (pg_class, pg_proc…) and its own oid.
/// pg_depend speaks in these pairs, so every dumpable object and everything that folds into one is keyed by it.
/// </summary>
internal readonly record struct CatalogId(uint ClassId, uint ObjectId)
{
    public const uint PgClass = 1259;
    public const uint PgType = 1247;
    public const uint PgProc = 1255;
    public const uint PgNamespace = 2615;
    public const uint PgConstraint = 2606;
    public const uint PgAttrdef = 2604;
    public const uint PgRewrite = 2618;
    public const uint PgTrigger = 2620;
    public const uint PgExtension = 3079;
    public const uint PgPolicy = 3256;
    public const uint PgCollation = 3456;
    public const uint PgOperator = 2617;
    public const uint PgOpclass = 2616;
    public const uint PgOpfamily = 2753;
    public const uint PgCast = 2605;
    public const uint PgConversion = 2607;
    public const uint PgTsConfig = 3602;
    public const uint PgTsDict = 3600;
    public const uint PgTsParser = 3601;
    public const uint PgTsTemplate = 3764;
    public const uint PgForeignDataWrapper = 2328;
    public const uint PgForeignServer = 1417;
    public const uint PgUserMapping = 1418;
    public const uint PgPublication = 6104;
    public const uint PgEventTrigger = 3466;
    public const uint PgDefaultAcl = 826;
    public const uint PgLargeObjectMetadata = 2613;
    public const uint PgStatisticExt = 3381;
    public const uint PgInherits = 2611;
    public const uint PgLanguage = 2612;
    public const uint PgTransform = 3576;
    public const uint PgAm = 2601;
    public const uint PgSubscription = 6100;
    public const uint PgPublicationRel = 6106;
    public const uint PgPublicationNamespace = 6237;
    public const uint PgAmop = 2602;
    public const uint PgAmproc = 2603;

    /// <summary>First oid that initdb does not assign: anything below is built in.</summary>
    public const uint FirstNormalObjectId = 16384;
}
