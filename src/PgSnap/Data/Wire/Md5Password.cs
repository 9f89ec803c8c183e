using System.Security.Cryptography;
using System.Text;

namespace PgSnap.Data.Wire;

/// <summary>PostgreSQL's MD5 password response: "md5" + md5hex(md5hex(password + user) + salt).</summary>
internal static class Md5Password
{
    public static byte[] Response(string password, string user, ReadOnlySpan<byte> salt)
    {
        var inner = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(password + user))));
        var outerInput = new byte[inner.Length + salt.Length];
        inner.CopyTo(outerInput, 0);
        salt.CopyTo(outerInput.AsSpan(inner.Length));
        return Encoding.ASCII.GetBytes("md5" + Convert.ToHexStringLower(MD5.HashData(outerInput)));
    }
}
