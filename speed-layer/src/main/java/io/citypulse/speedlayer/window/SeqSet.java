package io.citypulse.speedlayer.window;

import java.util.Arrays;

/** A small set of per-sensor sequence numbers (the readings of one window), kept sorted for a compact snapshot. */
final class SeqSet {

    private long[] values;
    private int size;

    SeqSet() {
        this(new long[64], 0);
    }

    SeqSet(long[] values, int size) {
        this.values = values;
        this.size = size;
    }

    /** Adds {@code seq}; false when present. Readings arrive mostly in order, so the append path is the common one. */
    boolean add(long seq) {
        if (size > 0 && seq > values[size - 1]) {
            append(seq);
            return true;
        }
        int at = Arrays.binarySearch(values, 0, size, seq);
        if (at >= 0) {
            return false;
        }
        int insertion = -at - 1;
        ensureCapacity();
        System.arraycopy(values, insertion, values, insertion + 1, size - insertion);
        values[insertion] = seq;
        size++;
        return true;
    }

    private void append(long seq) {
        ensureCapacity();
        values[size++] = seq;
    }

    private void ensureCapacity() {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
    }

    int size() {
        return size;
    }

    long get(int index) {
        return values[index];
    }
}
