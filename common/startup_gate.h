// StartupGate: work that may wait until the kiosk's first screen is shown (slow backends such as Qt Multimedia's, the
// heavy engines), so that on two cores it does not delay that screen. Open by default: a test or a tool that builds
// a device runs its work at once. The kiosk's main() holds the gate before it builds anything and opens it when the
// first screen is up; held work then runs on the GUI thread's event loop, in the order it was queued.
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <utility>
#include <vector>

namespace kiosk::common {

class StartupGate
{
public:
    static void hold() { state().open = false; }
    static bool isOpen() { return state().open; }

    // Runs `work` at the event loop's next turn once the gate is open (at once queued if it is), on the thread of
    // `context`; never if `context` is gone by then. Call from the GUI thread.
    static void whenOpen(QObject *context, std::function<void()> work)
    {
        if (state().open) {
            QTimer::singleShot(0, context, std::move(work));
            return;
        }
        state().held.push_back({QPointer<QObject>(context), std::move(work)});
    }

    static void open()
    {
        State &s = state();
        if (s.open)
            return;
        s.open = true;
        auto held = std::move(s.held);
        s.held.clear();
        for (auto &h : held)
            if (h.first)
                QTimer::singleShot(0, h.first.data(), std::move(h.second));
    }

private:
    struct State {
        bool open = true;
        std::vector<std::pair<QPointer<QObject>, std::function<void()>>> held;
    };
    static State &state()
    {
        static State s;
        return s;
    }
};

} // namespace kiosk::common
