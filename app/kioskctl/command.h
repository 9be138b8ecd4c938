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
