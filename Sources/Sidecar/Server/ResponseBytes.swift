import NIOCore
import NIOHTTP1

/// HTTP/1 responses written as bytes by the decision lane, past NIO's response encoder.
///
/// A decision's answer is small and always the same shape, so the lane writes it whole into one
/// buffer: status line, four headers, the JSON. Through the encoder, the same answer took three
/// writes down the pipeline (head, body, end) and a header dictionary, about 20,000 instructions a
/// decision, a tenth of the event loop's work (callgrind, `rbac`).
enum ResponseBytes {
    /// Writes a decision's answer: `status`, the headers every answer carries, and `body`.
    static func answer(status: HTTPResponseStatus, date: String, body: UnsafeRawBufferPointer, into buffer: inout ByteBuffer) {
        writeStatusLine(.http1_1, status, into: &buffer)
        buffer.writeStaticString("Content-Type: application/json\r\nContent-Length: ")
        buffer.writeString(String(body.count))
        buffer.writeStaticString("\r\nDate: ")
        buffer.writeString(date)
        buffer.writeStaticString("\r\nServer: tollgate\r\n\r\n")
        buffer.writeBytes(body)
    }

    /// Writes `head` as it goes on the wire: status line, headers as given, blank line.
    static func head(_ head: HTTPResponseHead, into buffer: inout ByteBuffer) {
        writeStatusLine(head.version, head.status, into: &buffer)
        for (name, value) in head.headers {
            buffer.writeString(name)
            buffer.writeStaticString(": ")
            buffer.writeString(value)
            buffer.writeStaticString("\r\n")
        }
        buffer.writeStaticString("\r\n")
    }

    private static func writeStatusLine(_ version: HTTPVersion, _ status: HTTPResponseStatus, into buffer: inout ByteBuffer) {
        if version == .http1_1 && status == .ok {
            buffer.writeStaticString("HTTP/1.1 200 OK\r\n")
            return
        }
        buffer.writeString("HTTP/\(version.major).\(version.minor) \(status.code) ")
        buffer.writeString(status.reasonPhrase)
        buffer.writeStaticString("\r\n")
    }
}
