using PgSnap.Model;

namespace PgSnap.Catalog.Coverage;

/// <summary>
/// A catalog row or one of its columns, as pg_description, pg_seclabel and pg_init_privs address them: the catalog's
/// oid, the row's oid, and a column number (0 for the row itself).
/// </summary>
internal readonly record struct CatalogKey(uint ClassId, uint ObjectId, int SubId = 0)
{
    public CatalogId Object => new(ClassId, ObjectId);

    public static CatalogKey Of(CatalogId id, int subId = 0) => new(id.ClassId, id.ObjectId, subId);
}
