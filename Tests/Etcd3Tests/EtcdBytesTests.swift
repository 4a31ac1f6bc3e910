import Etcd3
import Testing

@Suite("EtcdBytes", .timeLimit(.minutes(3)))
struct EtcdBytesTests {
    @Test(
        "prefix range end",
        arguments: [
            ([0x61], [0x62]),
            ([0x61, 0x62], [0x61, 0x63]),
            ([0x61, 0xff], [0x62]),
            ([0x61, 0xff, 0xff], [0x62]),
            ([0x01, 0xfe, 0xff], [0x01, 0xff]),
            ([0xff], [0x00]),
            ([0xff, 0xff], [0x00]),
            ([], [0x00]),
        ] as [([UInt8], [UInt8])])
    func prefixRangeEnd(prefix: [UInt8], end: [UInt8]) {
        #expect(EtcdBytes(prefix).prefixRangeEnd.bytes == end)
    }

    @Test func literalsAndText() {
        let name = "svc"
        let key: EtcdBytes = "/services/\(name)"
        #expect(key.bytes == Array("/services/svc".utf8))
        #expect(key.string == "/services/svc")
        let raw: EtcdBytes = [0xff, 0x00, 0x6b]
        #expect(raw.string == nil)
        #expect(raw.description == "0xff006b")
        #expect(EtcdBytes("é").bytes == [0xc3, 0xa9])
    }

    @Test func ordersBytewise() {
        #expect(EtcdBytes("a") < EtcdBytes("b"))
        #expect(EtcdBytes("a") < EtcdBytes("a\u{0}"))
        #expect(EtcdBytes([0x7f]) < EtcdBytes([0x80]))
    }
}
