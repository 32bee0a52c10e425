using System.Text.Json;
using Armvisor.Fleet.Json;
using Microsoft.AspNetCore.Http;

namespace Armvisor.Fleet.Metadata;

/// <summary>
/// Boot-phase callbacks: <c>POST /armvisor/v1/events</c> with an IMDSv2 token (always required) and a
/// <see cref="HostEvent"/> body. The instance is the token's and the source address's; it can report only itself.
/// 200 = recorded, 503 + Retry-After = the daemon is not there or not caught up, 409 = does not fit the host's state.
/// </summary>
public sealed partial class MetadataService
{
    private async Task HandleEventAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await Status(context, 405).ConfigureAwait(false);
            return;
        }

        var instance = Caller(context);
        string? token = TokenHeaders.Select(h => (string?)context.Request.Headers[h]).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        if (instance is null)
        {
            await Status(context, 403).ConfigureAwait(false);
            return;
        }

        if (!string.Equals(_tokens.Validate(token), instance.InstanceId, StringComparison.Ordinal))
        {
            await Status(context, 401).ConfigureAwait(false);
            return;
        }

        HostEvent? hostEvent;
        try
        {
            hostEvent = await JsonSerializer.DeserializeAsync<HostEvent>(context.Request.Body, FleetJson.Options, context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            hostEvent = null;
        }

        if (hostEvent is null || string.IsNullOrEmpty(hostEvent.Phase) || string.IsNullOrEmpty(hostEvent.BootId))
        {
            await Status(context, 400).ConfigureAwait(false);
            return;
        }

        if (Events is not IHostEventSink sink)
        {
            await RetryLater(context, "no daemon").ConfigureAwait(false);
            return;
        }

        var ack = await sink.OnEventAsync(instance.InstanceId, hostEvent, context.RequestAborted).ConfigureAwait(false);
        await (ack switch
        {
            EventAck.Accepted => Text(context, 200, "ok"),
            EventAck.NotYet => RetryLater(context, "not yet"),
            _ => Status(context, 409),
        }).ConfigureAwait(false);
    }
}
