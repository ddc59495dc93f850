package dev.heed.ingest.preview;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AllowedClientsTest {
    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void byDefaultOnlyThisMachineMayLook() throws Exception {
        AllowedClients c = AllowedClients.parse(null);
        assertTrue(c.permits(ip("127.0.0.1")));
        assertTrue(c.permits(ip("127.3.4.5")));
        assertTrue(c.permits(ip("::1")));
        assertFalse(c.permits(ip("10.1.2.3")));
        assertFalse(c.permits(ip("192.168.1.7")));
        assertFalse(c.permits(ip("192.0.2.2")));
        assertFalse(c.permits(ip("fd00::2")));
        assertFalse(c.permits(null));
        assertEquals("loopback", c.toString());
        assertEquals("loopback", AllowedClients.parse(" ").toString());
        assertEquals(AllowedClients.loopbackOnly().toString(), c.toString());
    }

    @Test
    void namedNetworksAreLetInAndNothingBeside() throws Exception {
        AllowedClients c = AllowedClients.parse("10.1.0.0/16, 192.168.4.7,fd00::/8,172.16.0.0/12");
        assertTrue(c.permits(ip("10.1.255.9")));
        assertFalse(c.permits(ip("10.2.0.1")));
        assertTrue(c.permits(ip("192.168.4.7")));
        assertFalse(c.permits(ip("192.168.4.8")));
        assertTrue(c.permits(ip("fd12:3456::1")));
        assertFalse(c.permits(ip("fe80::1")));
        assertTrue(c.permits(ip("172.31.200.1")), "a prefix that is not a whole number of bytes");
        assertFalse(c.permits(ip("172.32.0.1")));
        assertTrue(c.permits(ip("127.0.0.1")), "loopback stays allowed");
        assertEquals("loopback, 10.1.0.0/16, 192.168.4.7/32, fd00:0:0:0:0:0:0:0/8, 172.16.0.0/12", c.toString());
        assertTrue(AllowedClients.parse("0.0.0.0/0").permits(ip("203.0.113.9")), "an operator may open it to every IPv4 client");
    }

    @Test
    void withoutLoopbackThisMachineIsRefusedToo() throws Exception {
        AllowedClients c = AllowedClients.only(List.of(AllowedClients.network("10.0.0.0/8")));
        assertFalse(c.permits(ip("127.0.0.1")));
        assertTrue(c.permits(ip("10.9.9.9")));
    }

    @Test
    void badEntriesAreRefusedWithTheirText() {
        for (String bad : List.of("cam-host.example", "10.0.0.0/33", "10.0.0.0/x", "::/129", "10.0.0.0/-1", "300.1.1.1")) {
            String msg = assertThrows(IllegalArgumentException.class, () -> AllowedClients.parse("127.0.0.1," + bad)).getMessage();
            assertTrue(msg.startsWith("--preview-allow: '" + bad + "'"), msg);
        }
    }
}
