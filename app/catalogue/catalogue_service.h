// CatalogueService: the catalogue the screens browse and search. Loads (and indexes) off the GUI thread, from the
// local cache or the bundled sample, and swaps in a newer catalogue when the platform sends one.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "app/catalogue/catalogue.h"

namespace kiosk::app {

class PinyinTranscriber;

class CatalogueService : public QObject
{
    Q_OBJECT
public:
    explicit CatalogueService(QObject *parent = nullptr);
    ~CatalogueService() override;

    // Reads a catalogue JSON file on a worker thread; `ready` or `failed` follows on this object's thread.
    void loadFile(const QString &path);
    // Same, from bytes already in memory (a platform answer, a test).
    void loadJson(const QByteArray &json);

    // Pinyin search keys need ICU's Han-Latin transliterator, ~150 ms of CPU to set up. By default they are built
    // with the catalogue; the kiosk defers them (deferPinyin() before the first load) until its first screen is
    // shown, then enablePinyin() sets the transliterator up off the GUI thread and indexes the catalogue again.
    // Until then Chinese and English queries find items, pinyin ones (jzz) do not.
    void deferPinyin() { pinyinDeferred_ = true; }
    void enablePinyin();
    bool hasPinyin() const { return pinyinIndexed_; }

    bool isReady() const { return catalogue_ != nullptr; }
    // The current catalogue; empty until ready. The pointer stays valid while held, across a refresh.
    std::shared_ptr<const Catalogue> catalogue() const { return catalogue_; }

signals:
    void ready(qint64 version, int items);
    void failed(const QString &reason);

private:
    void adopt(std::shared_ptr<Catalogue> next, const QStringList &problems, bool withPinyin);
    void reindexWithPinyin();

    std::shared_ptr<const Catalogue> catalogue_;
    std::shared_ptr<PinyinTranscriber> pinyin_;
    bool pinyinDeferred_ = false;
    bool pinyinIndexed_ = false; // the current catalogue's keys include pinyin
};

} // namespace kiosk::app
