using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance.Signatures;

/// <summary>
/// A COSE_Sign1 claim signature (RFC 9052) as C2PA stores it: detached payload (the claim bytes), the algorithm and
/// x5chain in the protected header (or, in older manifests, x5chain in the unprotected header as label 33 or "x5chain"),
/// and an RFC 3161 time-stamp in the unprotected "sigTst" (claim v1) or "sigTst2" header.
/// </summary>
public sealed class CoseSign1
{
    private const long AlgorithmLabel = 1;
    private const long X5ChainLabel = 33;

    private CoseSign1(ReadOnlyMemory<byte> protectedBytes, CborValue protectedHeader, CborValue unprotectedHeader, ReadOnlyMemory<byte>? payload, ReadOnlyMemory<byte> signature)
    {
        ProtectedBytes = protectedBytes;
        ProtectedHeader = protectedHeader;
        UnprotectedHeader = unprotectedHeader;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>The protected header exactly as stored (it is signed as these bytes).</summary>
    public ReadOnlyMemory<byte> ProtectedBytes { get; }

    public CborValue ProtectedHeader { get; }

    public CborValue UnprotectedHeader { get; }

    /// <summary>An attached payload; C2PA signers detach it (null here), the claim bytes take its place.</summary>
    public ReadOnlyMemory<byte>? Payload { get; }

    public ReadOnlyMemory<byte> Signature { get; }

    public long? Algorithm => ProtectedHeader[AlgorithmLabel]?.AsInt64();

    /// <summary>DER certificates, signer first: protected label 33, then unprotected 33, then the legacy text key.</summary>
    public IReadOnlyList<byte[]> CertificateChain
    {
        get
        {
            var chain = ProtectedHeader[X5ChainLabel] ?? UnprotectedHeader[X5ChainLabel] ?? UnprotectedHeader["x5chain"];
            if (chain is null)
            {
                return [];
            }
            var value = chain.Untagged();
            return value.Kind switch
            {
                CborKind.ByteString => [value.Bytes.ToArray()],
                CborKind.Array => value.Items.Select(i => i.AsBytes() ?? throw new C2paFormatException("COSE: x5chain holds a non-bytes item.")).Select(b => b.ToArray()).ToList(),
                _ => throw new C2paFormatException("COSE: x5chain is neither bytes nor an array."),
            };
        }
    }

    public static CoseSign1 Decode(ReadOnlyMemory<byte> bytes, CborLimits? limits = null)
    {
        var value = CborReader.Decode(bytes, limits).Untagged();
        if (value.Kind != CborKind.Array || value.Items.Count != 4)
        {
            throw new C2paFormatException("COSE: a COSE_Sign1 is an array of four items.");
        }
        var protectedBytes = value.Items[0].AsBytes() ?? throw new C2paFormatException("COSE: the protected header is not a byte string.");
        var protectedHeader = protectedBytes.Length == 0 ? CborValue.Map([]) : CborReader.Decode(protectedBytes, limits);
        var unprotected = value.Items[1].Untagged();
        if (protectedHeader.Kind != CborKind.Map || unprotected.Kind != CborKind.Map)
        {
            throw new C2paFormatException("COSE: a header is not a map.");
        }
        var payload = value.Items[2].IsNull ? (ReadOnlyMemory<byte>?)null : value.Items[2].AsBytes() ?? throw new C2paFormatException("COSE: the payload is neither null nor bytes.");
        var signature = value.Items[3].AsBytes() ?? throw new C2paFormatException("COSE: the signature is not a byte string.");
        return new CoseSign1(protectedBytes, protectedHeader, unprotected, payload, signature);
    }

    /// <summary>The bytes the signer signed: Sig_structure ["Signature1", protected, external_aad = h'', payload].</summary>
    public byte[] ToBeSigned(ReadOnlyMemory<byte> detachedPayload) =>
        CborWriter.Array(CborItem.Text("Signature1"), CborItem.Binary(ProtectedBytes), CborItem.Binary(ReadOnlyMemory<byte>.Empty), CborItem.Binary(detachedPayload));

    /// <summary>The bytes an RFC 3161 time-stamp over this signature covers: ["CounterSignature", protected, h'', data].</summary>
    public byte[] CountersignatureData(ReadOnlyMemory<byte> data) =>
        CborWriter.Array(CborItem.Text("CounterSignature"), CborItem.Binary(ProtectedBytes), CborItem.Binary(ReadOnlyMemory<byte>.Empty), CborItem.Binary(data));
}
