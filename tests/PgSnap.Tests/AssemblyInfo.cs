// The tests start PostgreSQL clusters with Unix tools (runuser, pg_ctl); they run on Linux only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
