// libFuzzer target: the card-record parsers must never crash on any payload, must fail with a typed error and a
// detail, and whatever they accept must encode back and re-parse to the same record.
#include <cstdint>
#include <cstdlib>

#include "drivers/idcard/card_record.h"

using namespace kiosk::drivers::idcard;

namespace {

void require(bool condition)
{
    if (!condition)
        std::abort();
}

bool sameRecord(const CardRecord &a, const CardRecord &b)
{
    return a.type == b.type && a.name == b.name && a.nameEn == b.nameEn && a.sex == b.sex &&
           a.ethnicityCode == b.ethnicityCode && a.ethnicity == b.ethnicity && a.birthDate == b.birthDate &&
           a.address == b.address && a.idNumber == b.idNumber && a.authority == b.authority &&
           a.validFrom == b.validFrom && a.validTo == b.validTo && a.validToLongTerm == b.validToLongTerm &&
           a.passNumber == b.passNumber && a.issueCount == b.issueCount && a.nationality == b.nationality &&
           a.cardVersion == b.cardVersion && a.oldNumberLink == b.oldNumberLink;
}

void checkTextBlock(const QByteArray &block)
{
    CardParseResult parsed = parseTextBlock(block);
    require(parsed.isOk() == parsed.detail.isEmpty());
    if (!parsed.isOk())
        return;
    const CardEncodeResult encoded = encodeTextBlock(parsed.record);
    require(encoded.isOk());
    require(encoded.bytes.size() == kTextBlockSize);
    const CardParseResult again = parseTextBlock(encoded.bytes);
    require(again.isOk());
    require(sameRecord(parsed.record, again.record));
    parsed.record.wipe();
    require(parsed.record.name.isEmpty() && parsed.record.wlt.isEmpty());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    // The input is a read-reply payload (textLen photoLen [fpLen] text wlt [fp]); its text block is also fed to the
    // block parser directly, so the layouts get exercised even when the length fields are wrong.
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const CardParseResult payload = parseReadPayload(bytes);
    require(payload.isOk() == payload.detail.isEmpty());
    if (payload.isOk()) {
        require(payload.record.wlt.size() == kWltPhotoSize);
        const bool withFp = bytes.size() != 4 + kTextBlockSize + kWltPhotoSize;
        CardRecord copy = payload.record;
        const CardEncodeResult encoded = encodeReadPayload(copy, withFp);
        require(encoded.isOk());
        // Byte-exact only for the photo and fingerprint: the text may differ in padding (NUL vs space, flag 0 vs ' ').
        require(encoded.bytes.size() == bytes.size());
        require(encoded.bytes.right(bytes.size() - (withFp ? 6 : 4) - kTextBlockSize) ==
                bytes.right(bytes.size() - (withFp ? 6 : 4) - kTextBlockSize));
    }

    if (bytes.size() >= 4 + kTextBlockSize)
        checkTextBlock(bytes.mid(4, kTextBlockSize));
    if (bytes.size() >= kTextBlockSize)
        checkTextBlock(bytes.left(kTextBlockSize));
    if (bytes.size() >= kAppendedAddressSize) {
        const AppendedAddressResult address = parseAppendedAddress(bytes.left(kAppendedAddressSize));
        require(address.isOk() == address.detail.isEmpty());
    }
    return 0;
}
