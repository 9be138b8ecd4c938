// Anchor translation unit so the resource library has a body; the data lives in the .qrc objects.
namespace kiosk::resources {
int anchor() { return 0; }
}  // namespace kiosk::resources
