// Reads struct input_event records from an evdev node (grabbed) and types them back into bytes.
#include "drivers/transport/evdev_transport.h"

#include <QFile>
#include <QLoggingCategory>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace kiosk::drivers {

Q_LOGGING_CATEGORY(lcEvdev, "kiosk.drivers.transport.evdev")

namespace {

struct KeyChars {
    std::uint16_t code;
    char plain;
    char shifted;
};

// US layout: what each key types without and with shift.
constexpr KeyChars kUsLayout[] = {
    {KEY_1, '1', '!'},          {KEY_2, '2', '@'},         {KEY_3, '3', '#'},           {KEY_4, '4', '$'},
    {KEY_5, '5', '%'},          {KEY_6, '6', '^'},         {KEY_7, '7', '&'},           {KEY_8, '8', '*'},
    {KEY_9, '9', '('},          {KEY_0, '0', ')'},         {KEY_MINUS, '-', '_'},       {KEY_EQUAL, '=', '+'},
    {KEY_Q, 'q', 'Q'},          {KEY_W, 'w', 'W'},         {KEY_E, 'e', 'E'},           {KEY_R, 'r', 'R'},
    {KEY_T, 't', 'T'},          {KEY_Y, 'y', 'Y'},         {KEY_U, 'u', 'U'},           {KEY_I, 'i', 'I'},
    {KEY_O, 'o', 'O'},          {KEY_P, 'p', 'P'},         {KEY_LEFTBRACE, '[', '{'},   {KEY_RIGHTBRACE, ']', '}'},
    {KEY_A, 'a', 'A'},          {KEY_S, 's', 'S'},         {KEY_D, 'd', 'D'},           {KEY_F, 'f', 'F'},
    {KEY_G, 'g', 'G'},          {KEY_H, 'h', 'H'},         {KEY_J, 'j', 'J'},           {KEY_K, 'k', 'K'},
    {KEY_L, 'l', 'L'},          {KEY_SEMICOLON, ';', ':'}, {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'},
    {KEY_BACKSLASH, '\\', '|'}, {KEY_Z, 'z', 'Z'},         {KEY_X, 'x', 'X'},           {KEY_C, 'c', 'C'},
    {KEY_V, 'v', 'V'},          {KEY_B, 'b', 'B'},         {KEY_N, 'n', 'N'},           {KEY_M, 'm', 'M'},
    {KEY_COMMA, ',', '<'},      {KEY_DOT, '.', '>'},       {KEY_SLASH, '/', '?'},       {KEY_SPACE, ' ', ' '},
    {KEY_TAB, '\t', '\t'},      {KEY_ENTER, '\r', '\r'},   {KEY_KPENTER, '\r', '\r'},   {KEY_KP0, '0', '0'},
    {KEY_KP1, '1', '1'},        {KEY_KP2, '2', '2'},       {KEY_KP3, '3', '3'},         {KEY_KP4, '4', '4'},
    {KEY_KP5, '5', '5'},        {KEY_KP6, '6', '6'},       {KEY_KP7, '7', '7'},         {KEY_KP8, '8', '8'},
    {KEY_KP9, '9', '9'},        {KEY_KPDOT, '.', '.'},
};

constexpr KeyChars kKeypadOperators[] = {
    {KEY_KPMINUS, '-', '-'},
    {KEY_KPPLUS, '+', '+'},
    {KEY_KPASTERISK, '*', '*'},
    {KEY_KPSLASH, '/', '/'},
};

bool isModifier(std::uint16_t code)
{
    switch (code) {
    case KEY_LEFTSHIFT:
    case KEY_RIGHTSHIFT:
    case KEY_LEFTCTRL:
    case KEY_RIGHTCTRL:
    case KEY_LEFTALT:
    case KEY_RIGHTALT:
    case KEY_LEFTMETA:
    case KEY_RIGHTMETA:
    case KEY_CAPSLOCK:
    case KEY_NUMLOCK: return true;
    default: return false;
    }
}

} // namespace

std::optional<char> EvdevKeyTranslator::translate(std::uint16_t code, bool shift)
{
    for (const KeyChars &k : kUsLayout) {
        if (k.code == code)
            return shift ? k.shifted : k.plain;
    }
    for (const KeyChars &k : kKeypadOperators) {
        if (k.code == code)
            return k.plain;
    }
    return std::nullopt;
}

std::optional<char> EvdevKeyTranslator::feed(std::uint16_t type, std::uint16_t code, std::int32_t value)
{
    if (type != EV_KEY)
        return std::nullopt; // EV_SYN, EV_MSC (scan codes), EV_LED: nothing typed
    if (code == KEY_LEFTSHIFT) {
        leftShift_ = value != 0;
        return std::nullopt;
    }
    if (code == KEY_RIGHTSHIFT) {
        rightShift_ = value != 0;
        return std::nullopt;
    }
    if (value != 1)
        return std::nullopt; // release (0) or auto-repeat (2)
    const std::optional<char> c = translate(code, leftShift_ || rightShift_);
    if (!c && !isModifier(code))
        ++untranslated_;
    return c;
}

void EvdevKeyTranslator::reset()
{
    leftShift_ = rightShift_ = false;
    untranslated_ = 0;
}

EvdevTransport::EvdevTransport(EvdevSettings settings, QObject *parent)
    : Transport(parent), settings_(std::move(settings))
{}

EvdevTransport::~EvdevTransport()
{
    closeDescriptor();
}

TransportFactory EvdevTransport::factory(const EvdevSettings &settings)
{
    return [settings]() -> std::unique_ptr<Transport> { return std::make_unique<EvdevTransport>(settings); };
}

std::unique_ptr<EvdevTransport> EvdevTransport::fromDescriptor(int fd, const QString &name, bool grab)
{
    auto t = std::make_unique<EvdevTransport>(EvdevSettings{name, grab});
    t->fd_ = fd;
    return t;
}

bool EvdevTransport::open()
{
    if (isOpen())
        return true;
    if (fd_ < 0) {
        fd_ = ::open(QFile::encodeName(settings_.path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
        if (fd_ < 0) {
            const int err = errno;
            emit errorOccurred(
                {TransportErrorCode::OpenFailed,
                 QStringLiteral("cannot open %1: %2").arg(name(), QString::fromLocal8Bit(strerror(err)))});
            return false;
        }
    } else {
        ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    }
    if (settings_.grab) {
        if (::ioctl(fd_, EVIOCGRAB, 1) != 0) {
            const int err = errno;
            closeDescriptor();
            const QString why =
                err == EBUSY ? QStringLiteral("another program has grabbed it") : QString::fromLocal8Bit(strerror(err));
            emit errorOccurred({TransportErrorCode::OpenFailed, QStringLiteral("cannot grab %1: %2").arg(name(), why)});
            return false;
        }
        grabbed_ = true;
    }
    pending_.clear();
    translator_.reset();
    notifier_ = new QSocketNotifier(fd_, QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &EvdevTransport::onReadable);
    qCDebug(lcEvdev) << "opened" << name() << (grabbed_ ? "(grabbed)" : "");
    return true;
}

void EvdevTransport::close()
{
    const bool wasOpen = isOpen();
    closeDescriptor();
    if (wasOpen)
        emit closed();
}

bool EvdevTransport::write(const QByteArray &)
{
    emit errorOccurred(
        {TransportErrorCode::Io, QStringLiteral("%1 is a keyboard-wedge scanner and takes no commands").arg(name())});
    return false;
}

void EvdevTransport::onReadable()
{
    QByteArray typed;
    char buf[64 * sizeof(input_event)];
    for (;;) {
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n > 0) {
            pending_.append(buf, qsizetype(n));
            continue;
        }
        if (n == 0) {
            fail(TransportErrorCode::Disconnected, QStringLiteral("%1 closed").arg(name()));
            return;
        }
        const int err = errno;
        if (err == EINTR)
            continue;
        if (err == EAGAIN || err == EWOULDBLOCK)
            break;
        // ENODEV: the scanner was unplugged; evdev reports that on the next read.
        const TransportErrorCode code =
            (err == ENODEV || err == EIO) ? TransportErrorCode::Disconnected : TransportErrorCode::Io;
        fail(code, QStringLiteral("%1: %2").arg(name(), QString::fromLocal8Bit(strerror(err))));
        return;
    }
    constexpr qsizetype kEventSize = sizeof(input_event);
    qsizetype pos = 0;
    for (; pos + kEventSize <= pending_.size(); pos += kEventSize) {
        input_event ev;
        std::memcpy(&ev, pending_.constData() + pos, sizeof ev);
        if (const std::optional<char> c = translator_.feed(ev.type, ev.code, ev.value))
            typed.append(*c);
    }
    pending_.remove(0, pos);
    if (!typed.isEmpty())
        emit bytesReceived(typed);
}

void EvdevTransport::fail(TransportErrorCode code, const QString &message)
{
    qCWarning(lcEvdev) << message;
    closeDescriptor();
    emit errorOccurred({code, message});
    emit closed();
}

void EvdevTransport::closeDescriptor()
{
    if (notifier_) {
        notifier_->setEnabled(false);
        notifier_->deleteLater();
        notifier_ = nullptr;
    }
    if (fd_ >= 0) {
        if (grabbed_)
            ::ioctl(fd_, EVIOCGRAB, 0);
        ::close(fd_);
    }
    grabbed_ = false;
    fd_ = -1;
    pending_.clear();
}

} // namespace kiosk::drivers
