// kioskctl's command registry: each cmd_*.cpp registers its commands; main() dispatches on the words given.
#pragma once

#include <QJsonObject>
#include <QStringList>

#include <functional>

namespace kiosk::ctl {

struct Invocation {
    QStringList args;   // the words after the command's own words (options included)
    bool json = false;  // --json given
    QString configPath; // --config FILE, empty for defaults
};

// Writes `obj` as one compact JSON line on stdout.
void printJson(const QJsonObject &obj);
// Prints a line on stdout / stderr (UTF-8).
void out(const QString &line);
void err(const QString &line);

// The configuration file a command reads: --config F, else /etc/kiosk/kiosk.conf when it exists, else none (defaults).
QString configPathOf(const Invocation &inv);
// The error of command `what` ("keys", "payments"): {"error": message} with --json, else "kioskctl what: message"
// on stderr; returns `code`.
int failWith(const Invocation &inv, const QString &what, const QString &message, int code);

// Files made by root (kioskctl run as root) must stay usable by the kiosk's own user: each of `files` that root owns
// gets the data folder's owner. Nothing happens when not root or when root owns the data folder.
void giveToDataDirOwner(const QString &dataDir, const QStringList &files);

using Handler = std::function<int(const Invocation &)>;

struct Command {
    QStringList words; // e.g. {"config", "check"}
    QString usage;     // e.g. "config check [--config F]"
    QString summary;
    Handler run;
};

bool registerCommand(Command command);
const QList<Command> &commands();

} // namespace kiosk::ctl
