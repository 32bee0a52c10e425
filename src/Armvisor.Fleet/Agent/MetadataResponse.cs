using System.Net;

namespace Armvisor.Fleet.Agent;

/// <summary>A metadata answer after retries: the final status and body, or no status when the deadline passed.</summary>
public sealed record MetadataResponse(HttpStatusCode? Status, string Body, int Attempts)
{
    public bool IsSuccess => Status is HttpStatusCode.OK;
}
