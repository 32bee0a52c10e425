namespace Armvisor.Engine.Native;

/// <summary>The x86 condition that says "the A64 condition holds" after <see cref="NativeBlockTranslator"/> tested the packed NZCV.</summary>
internal enum X86Condition
{
    Always,
    Equal,
    NotEqual,
    Sign,
    NotSign,
}
