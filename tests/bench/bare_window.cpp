// The startup baseline: the least a Qt Widgets program can do to show a window, started like the kiosk.
#include <QApplication>
#include <QTimer>
#include <QWidget>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QWidget w;
    w.resize(1080, 1920);
    w.show();
    QTimer::singleShot(0, &app, [&] {
        std::printf("ready bare\n");
        std::fflush(stdout);
        app.quit();
    });
    return app.exec();
}
