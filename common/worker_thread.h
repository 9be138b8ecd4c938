// The one way any part of the kiosk runs a worker thread (device I/O, sync, OCR, the platform calls, voice): a worker
// QObject living on its own QThread, reached only through queued calls, stopped within a bounded time and never
// terminated. Every layer may use it (kiosk_common is below drivers/ and offline_queue/).
#pragma once

#include <QLoggingCategory>
#include <QMetaObject>
#include <QObject>
#include <QThread>

#include <utility>

namespace kiosk::common {

class WorkerThread
{
public:
    // Takes ownership of `worker` (which must have no parent) and starts the thread. Work that must never starve the
    // GUI thread on two cores (OCR, speech) runs at QThread::LowPriority.
    WorkerThread(QObject *worker, const QString &name, QThread::Priority priority = QThread::InheritPriority)
        : worker_(worker)
    {
        thread_ = new QThread;
        thread_->setObjectName(name);
        worker_->moveToThread(thread_);
        QObject::connect(thread_, &QThread::finished, worker_, &QObject::deleteLater);
        thread_->start(priority);
    }

    WorkerThread(const WorkerThread &) = delete;
    WorkerThread &operator=(const WorkerThread &) = delete;

    ~WorkerThread() { stop(); }

    // Runs `f` on the worker's thread (queued). Safe from any thread.
    template <typename F> void post(F &&f) const
    {
        QMetaObject::invokeMethod(worker_, std::forward<F>(f), Qt::QueuedConnection);
    }

    // Asks the thread to finish and waits at most `timeoutMs`. A worker stuck in a blocking call is left to finish
    // by itself (its thread object is then deleted when it does): we never QThread::terminate().
    bool stop(int timeoutMs = 3000)
    {
        if (!thread_)
            return true;
        thread_->quit();
        const bool stopped = thread_->wait(timeoutMs);
        if (stopped)
            delete thread_;
        else
            QObject::connect(thread_, &QThread::finished, thread_, &QObject::deleteLater);
        thread_ = nullptr;
        return stopped;
    }

    QObject *worker() const { return worker_; }
    QThread *thread() const { return thread_; }

private:
    QObject *worker_;
    QThread *thread_ = nullptr;
};

} // namespace kiosk::common
