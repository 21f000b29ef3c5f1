package io.citypulse.speedlayer.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SeqSetTest {

    @Test
    void inOrderReadingsStayOneRange() {
        SeqSet set = new SeqSet();
        for (long seq = 100; seq < 1_100; seq++) {
            assertTrue(set.add(seq));
        }
        assertEquals(1_000, set.size());
        assertEquals(1, set.ranges());
        assertFalse(set.add(100));
        assertFalse(set.add(1_099));
        assertFalse(set.add(555));
    }

    @Test
    void gapsAreFilledAndRangesMerge() {
        SeqSet set = new SeqSet();
        set.add(1);
        set.add(3);
        set.add(5);
        assertEquals(3, set.ranges());
        assertTrue(set.add(4)); // joins 3 and 5
        assertEquals(2, set.ranges());
        assertTrue(set.add(0)); // extends the first range downwards
        assertTrue(set.add(2)); // joins everything
        assertEquals(1, set.ranges());
        assertEquals(6, set.size());
        assertFalse(set.add(2));
    }

    @Test
    void agreesWithATreeSetOnShuffledInputWithDuplicates() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            SeqSet set = new SeqSet();
            TreeSet<Long> expected = new TreeSet<>();
            for (int i = 0; i < 300; i++) {
                long seq = random.nextInt(10) < 7 ? i : random.nextInt(400); // mostly in order, some out of order
                assertEquals(expected.add(seq), set.add(seq), "add(" + seq + ") in round " + round);
            }
            assertEquals(expected.size(), set.size());
            SeqSet restored = roundTrip(set);
            assertEquals(set.size(), restored.size());
            assertEquals(set.ranges(), restored.ranges());
            for (long seq = -1; seq <= 400; seq++) {
                assertEquals(!expected.contains(seq), roundTrip(restored).add(seq), "restored set, seq " + seq);
            }
        }
    }

    @Test
    void readsTheListedFormOfVersionOneSnapshots() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(4);
            for (long seq : new long[] {1, 2, 3, 7}) {
                out.writeLong(seq);
            }
        }
        SeqSet set = SeqSet.readListed(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(4, set.size());
        assertEquals(2, set.ranges());
        assertFalse(set.add(7));
    }

    @Test
    void rejectsOverlappingRangesInASnapshot() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(2);
            out.writeLong(1);
            out.writeLong(5);
            out.writeLong(5);
            out.writeLong(9);
        }
        assertThrows(IOException.class,
                () -> SeqSet.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    private static SeqSet roundTrip(SeqSet set) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            set.writeTo(out);
        }
        return SeqSet.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }
}
