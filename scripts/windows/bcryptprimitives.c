/* bcryptprimitives.dll for Wine 8 (Debian 12), which does not ship it.
 *
 * Rust's standard library on Windows (since 1.78) takes its random bytes (HashMap seeds, ...)
 * from ProcessPrng in bcryptprimitives.dll, present on every Windows 10/11. Wine 8 has no such
 * DLL, so every Rust program fails to start under it. This stand-in, built with the mingw gcc by
 * scripts/windows-check.sh and copied into the lane's own Wine prefix only, forwards to
 * RtlGenRandom (advapi32's SystemFunction036), which Wine implements. It never ships to users.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
