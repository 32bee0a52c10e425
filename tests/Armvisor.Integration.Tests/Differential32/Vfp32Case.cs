namespace Armvisor.Integration.Tests.Differential32;

/// <summary>One random FP/SIMD case: R0-R12, APSR, FPSCR and D0-D15 in (D16-D31 start as copies of D0-D15), one instruction (T32: with an IT prefix halfword, 0: none).</summary>
internal readonly record struct Vfp32Case(uint[] Registers, uint Apsr, uint Fpscr, ulong[] Doubles, uint Instruction, string Mnemonic, uint Prefix = 0);
