/* The smallest guest: prints on the PL011, asks PSCI its version, powers off. */
#include "guest.h"

int main(void)
{
    printf("Hello from a bare-metal AArch64 guest\n");
    uint32_t v = psci_version();
    printf("PSCI version %u.%u\n", v >> 16, v & 0xFFFF);
    printf("CurrentEL %lu\n", READ_SYSREG(CurrentEL) >> 2);
    return 0;
}
