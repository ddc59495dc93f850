# A real RTSP server for tests: serves an H.264 MP4 file at rtsp://127.0.0.1:<port>/clip, paced in real time,
# without re-encoding. Uses GStreamer's RTSP server (Debian: gir1.2-gst-rtsp-server-1.0 gstreamer1.0-rtsp
# python3-gi gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad).
# Prints "ready" once it accepts clients. Usage: serve_file.py PORT FILE
import sys

import gi

gi.require_version('Gst', '1.0')
gi.require_version('GstRtspServer', '1.0')
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
port, path = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address('127.0.0.1')
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch('( filesrc location="%s" ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )' % path)
factory.set_shared(True)
server.get_mount_points().add_factory('/clip', factory)
if server.attach(None) == 0:
    sys.exit('cannot listen on port ' + port)
print('ready', flush=True)
GLib.MainLoop().run()
