using System.Text;
using PgSnap.Data.Wire;
using PgSnap.Tests.Infrastructure;
using Xunit;

namespace PgSnap.Tests.Wire;

/// <summary>The pure parts of the protocol, checked against published vectors (no server needed).</summary>
[Trait(TestTier.Name, TestTier.Fast)]
public sealed class WireProtocolUnitTests
{
    [Fact]
    public void Scram_exchange_matches_the_rfc_7677_example()
    {
        // RFC 7677 §3: user "user", password "pencil".
        var scram = new ScramSha256Client("pencil", 'n', clientNonce: "rOprNGfwEbeRWgbNEkqO", userName: "user");
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", Encoding.UTF8.GetString(scram.ClientFirst()));

        var clientFinal = scram.ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"u8);
        Assert.Equal(
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
            Encoding.UTF8.GetString(clientFinal));

        scram.VerifyServerFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8);
    }

    [Fact]
    public void Scram_refuses_a_server_signature_that_does_not_match()
    {
        var scram = new ScramSha256Client("pencil", 'n', clientNonce: "rOprNGfwEbeRWgbNEkqO", userName: "user");
        scram.ClientFirst();
        scram.ClientFinal("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"u8);
        var ex = Assert.Throws<PgSnapException>(() => scram.VerifyServerFinal("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="u8));
        Assert.Equal(PgSnapErrorKind.Connection, ex.Kind);
    }

    [Fact]
    public void Scram_refuses_a_server_nonce_that_does_not_extend_the_client_nonce()
    {
        var scram = new ScramSha256Client("pencil", 'n', clientNonce: "abcdef");
        scram.ClientFirst();
        Assert.Throws<PgSnapException>(() => scram.ClientFinal("r=zzzzzzzzzz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"u8));
    }

    [Fact]
    public void Scram_with_channel_binding_puts_the_gs2_header_and_hash_in_the_final_message()
    {
        var binding = new byte[] { 1, 2, 3 };
        var scram = new ScramSha256Client("pencil", 'p', binding, clientNonce: "abc");
        Assert.StartsWith("p=tls-server-end-point,,n=,r=abc", Encoding.UTF8.GetString(scram.ClientFirst()), StringComparison.Ordinal);
        var final = Encoding.UTF8.GetString(scram.ClientFinal("r=abcdef,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1"u8));
        var expected = Convert.ToBase64String([.. "p=tls-server-end-point,,"u8.ToArray(), 1, 2, 3]);
        Assert.StartsWith("c=" + expected + ",r=abcdef,p=", final, StringComparison.Ordinal);
    }

    [Fact]
    public void Md5_response_is_md5_of_the_hex_md5_of_password_and_user_with_the_salt()
    {
        // Reference computed with Python's hashlib: md5(md5("secretpw"+"alice").hexdigest() + salt).
        var response = Md5Password.Response("secretpw", "alice", [1, 2, 3, 4]);
        Assert.Equal("md51c32133f2811b9ed4ec031ea397ba262", Encoding.ASCII.GetString(response));
    }

    [Fact]
    public void Error_response_fields_are_parsed_into_one_line()
    {
        var payload = "SERROR\0VERROR\0C22012\0Mdivision by zero\0DSome detail\0\0"u8;
        var error = ServerError.Parse(payload);
        Assert.Equal("22012", error.SqlState);
        Assert.Equal("division by zero: Some detail (SQLSTATE 22012)", error.Describe());
    }

    [Fact]
    public void First_line_of_a_statement_is_trimmed_and_shortened()
    {
        Assert.Equal("COPY a TO STDOUT", WireCopyOutSession.FirstLine("\n  COPY a TO STDOUT\nWITH x"));
        Assert.Equal(101, WireCopyOutSession.FirstLine(new string('x', 300)).Length);
    }
}
