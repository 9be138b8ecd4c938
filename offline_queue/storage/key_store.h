// The kiosk's private keys at rest (issue 15): the TLS/signing key (pki/kiosk.key) and the audit MAC key (audit.key).
//
// A key is either a plain file (development, a kiosk without a TPM: reported as "keys not hardware-protected") or,
// after commissioning (`kioskctl keys seal`), a sealed file beside it, `<key>.sealed`, and no clear file at all. The
// sealed file holds the key encrypted with AES-256-GCM under a random 32-byte key-encryption key (KEK), and that KEK
// sealed to the machine's TPM 2.0 (a sealed data object under the owner hierarchy's ECC primary key, which the TPM
// re-derives from its own seed, so nothing of it is stored). TPM objects hold at most 128 bytes, hence the KEK: any key
// size fits. The GCM associated data names the key's file, so a sealed audit key cannot be swapped in for the TLS key.
//
// The TPM is driven with Debian's tpm2-tools (tpm2_createprimary, tpm2_create, tpm2_load, tpm2_unseal) run as child
// processes: the KEK travels through pipes only (stdin to tpm2_create, stdout from tpm2_unseal), the clear key lives in
// memory only (callers hand it to libcurl as a blob and to OpenSSL from memory) and is wiped when done. The TPM's
// context files the tools need are not secret (they are useless outside this TPM) and go to a private temporary folder
// removed afterwards. Without a kernel resource manager (swtpm in tests, /dev/tpm0) the tools leave transient objects
// loaded, so every step is followed by `tpm2_flushcontext -t`; with /dev/tpmrm0 that is a no-op.
//
// Who steals the disk (or the files) gets nothing: the KEK opens only in that machine's TPM. Who is root on the running
// kiosk can still unseal (binding the KEK to PCR values of a measured boot is the next step; see README).
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace kiosk::queue::keys {

struct TpmOptions {
    // libtss2 TCTI, e.g. "device:/dev/tpmrm0" or "swtpm:host=127.0.0.1,port=2321"; empty: tpm2-tools' own default
    // (TPM2TOOLS_TCTI in the environment, else the TPM device).
    QString tcti;
    QString toolsDir; // folder of the tpm2_* programs; empty: the PATH
    int timeoutMs = 15000;
};

// Process-wide TPM options ([keys] tcti= of kiosk.conf, set once at start-up by the composition root and kioskctl).
void setTpmOptions(const TpmOptions &options);
TpmOptions tpmOptions();

// The suffix of a sealed key's file.
inline constexpr char kSealedSuffix[] = ".sealed";
QString sealedPathOf(const QString &keyPath);

struct KeyMaterial {
    QByteArray bytes;               // the clear key (PEM or raw); wipe() it when done
    bool hardwareProtected = false; // came from a TPM-sealed file
    QString error;                  // why there is no key (never holds key bytes)
    bool ok() const { return error.isEmpty(); }
};

// The key of `keyPath`: from `<keyPath>.sealed` through the TPM when that exists (and then never from a clear file,
// even if one is left), otherwise from the clear file. An error when neither exists or the TPM refuses.
KeyMaterial loadKey(const QString &keyPath);
KeyMaterial loadKey(const QString &keyPath, const TpmOptions &tpm);

// Unsealed keys are kept in memory for the life of the process (one TPM round per key); this wipes them (tests, and
// kioskctl after sealing).
void forgetUnsealedKeys();

// Whether `keyPath` is sealed (its .sealed file exists and no clear file is left beside it).
bool isSealed(const QString &keyPath);

// Seals the clear key at `keyPath`: makes a KEK, seals it to the TPM, writes `<keyPath>.sealed` (0600, temporary
// name, fsync, rename), checks that it unseals to the same key, then overwrites the clear file and removes it.
// Returns an empty string on success, else the reason (nothing is removed then).
QString sealKey(const QString &keyPath, const TpmOptions &tpm);

// For self-test and heartbeat: "" when every existing key of `keyPaths` is sealed, else the text for technicians
// ("keys not hardware-protected: kiosk.key, audit.key").
QString protectionProblem(const QStringList &keyPaths);

// Overwrites the bytes (the compiler may not drop it) and empties the array.
void wipe(QByteArray &bytes);

} // namespace kiosk::queue::keys
