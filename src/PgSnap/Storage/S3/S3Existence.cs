namespace PgSnap.Storage.S3;

/// <summary>What a HEAD of an object says about its existence.</summary>
public enum S3Existence
{
    /// <summary>404: no such object (or no such bucket: HEAD cannot tell).</summary>
    Absent,

    /// <summary>2xx: the object exists.</summary>
    Exists,

    /// <summary>403: the key may not read the object's metadata; whether it exists is unknown.</summary>
    Denied,
}
