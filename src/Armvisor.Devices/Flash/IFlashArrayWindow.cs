namespace Armvisor.Devices.Flash;

/// <summary>
/// The read-array view of a flash bank: while the bank is in read-array mode its storage is mapped as guest memory
/// (readable and executable, so firmware runs in place; writes still reach the device as commands); in every other
/// mode the mapping is removed so that reads reach the device and return status, identifier or query data.
/// QEMU calls this a ROM device's "romd" mode.
/// </summary>
public interface IFlashArrayWindow
{
    /// <summary>Maps (<paramref name="visible"/>) or unmaps the storage as memory; called with the bank's lock held.</summary>
    void SetArrayVisible(bool visible);
}
