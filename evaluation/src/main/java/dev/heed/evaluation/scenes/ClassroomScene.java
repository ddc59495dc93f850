package dev.heed.evaluation.scenes;

import dev.heed.common.image.BgrImage;
import dev.heed.evaluation.scenario.SceneTruth;
import dev.heed.evaluation.scenario.SceneTruth.AwayKind;
import dev.heed.evaluation.scenario.SceneTruth.State;
import dev.heed.proto.v1.AttentionPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A 1080p classroom seen from the front: 32 students in four rows of eight behind desks, faces 42 px wide in the back
 * row to 80 px in the front one, from aflw2000-dev (frontal faces while attending; turned or lowered ones while
 * away), heads drifting by a few pixels. Over 14 s: six students turn away for 5 s (one of them the person of
 * ../shared/data/faces, whose turned face is really his), two look down for 4 s, three glance aside for 1.5 s, and
 * one leaves the seat for good at 5 s (the chair stays). Judged with ABSENT alerts on; otherwise the aggregator's
 * defaults. The same seed makes the same clip.
 */
public final class ClassroomScene extends GeneratedScene {
    public static final String NAME = "classroom";
    public static final long DEFAULT_SEED = 11;
    static final int WIDTH = 1920;
    static final int HEIGHT = 1080;
    static final int FPS = 25;
    static final long DURATION_MS = 14_000;
    static final int SEATS_PER_ROW = 8;
    /** Back row first: face width, head centre height, width the row's seats span. */
    private static final double[] FACE_WIDTH = {42, 52, 64, 80};
    private static final double[] HEAD_Y = {360, 500, 665, 870};
    private static final double[] ROW_WIDTH = {1240, 1440, 1660, 1860};
    private static final int[] SHIRTS = {0x2f4f7f, 0x7f2f2f, 0x3f6f3f, 0x5f5f6f, 0x8f7f4f, 0x2f2f2f, 0x6f3f6f, 0x4f7f8f, 0xafafaf, 0x8f4f2f};

    private enum Role { ATTENDS, TURNS, LOOKS_DOWN, GLANCES, LEAVES, TURNS_SAME_PERSON }

    /** What a seat's student does; seats not listed attend throughout. Back row is row 0, seats from image-left. */
    private record Part(int row, int seat, Role role, long fromMs, long toMs) {
    }

    private static final List<Part> PARTS = List.of(
            new Part(0, 1, Role.TURNS, 2_000, 7_000),
            new Part(0, 4, Role.GLANCES, 3_000, 4_500),
            new Part(0, 6, Role.LOOKS_DOWN, 4_000, 8_000),
            new Part(1, 2, Role.TURNS, 2_500, 7_500),
            new Part(1, 5, Role.LEAVES, 5_000, DURATION_MS),
            new Part(1, 7, Role.GLANCES, 5_500, 7_000),
            new Part(2, 0, Role.TURNS, 3_000, 8_000),
            new Part(2, 3, Role.TURNS, 3_500, 8_500),
            new Part(2, 6, Role.LOOKS_DOWN, 5_000, 9_000),
            new Part(3, 1, Role.TURNS_SAME_PERSON, 4_000, 9_000),
            new Part(3, 4, Role.TURNS, 4_500, 9_500),
            new Part(3, 6, Role.GLANCES, 8_000, 9_500));

    private final List<Actor> actors;
    private final List<Integer> rowOf;
    private final List<Integer> shirtOf;
    private final BgrImage room;
    private final List<BgrImage> desks;
    private final Map<String, BgrImage> stills = new HashMap<>();

    private ClassroomScene(List<Actor> actors, List<Integer> rowOf, List<Integer> shirtOf, BgrImage room, List<BgrImage> desks) {
        super(NAME, "1920x1080 classroom, 32 students in 4 rows (faces 42-80 px, aflw2000-dev), 14 s: 6 turn away for 5 s, "
                + "2 look down for 4 s, 3 glance aside for 1.5 s, 1 leaves at 5 s; ABSENT alerts on", WIDTH, HEIGHT, FPS, DURATION_MS,
                4_000_000, AttentionPolicy.newBuilder().setAbsentAlerts(true).build());
        this.actors = actors;
        this.rowOf = rowOf;
        this.shirtOf = shirtOf;
        this.room = room;
        this.desks = desks;
    }

    /**
     * @param aflw  the aflw2000-dev folder (labels.csv, images/)
     * @param faces the data/faces folder (images/ with the one person's head poses)
     */
    public static ClassroomScene create(Path aflw, Path faces, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        AflwFaces library = AflwFaces.open(aflw);
        List<String> taken = new ArrayList<>();
        int students = 4 * SEATS_PER_ROW;
        List<FacePhoto> frontal = library.pick(AflwFaces.FRONTAL, students, random, taken);
        long turners = PARTS.stream().filter(p -> p.role() == Role.TURNS || p.role() == Role.GLANCES).count();
        List<FacePhoto> turned = library.pick(AflwFaces.TURNED, (int) turners, random, taken);
        long lowered = PARTS.stream().filter(p -> p.role() == Role.LOOKS_DOWN).count();
        List<FacePhoto> down = library.pick(AflwFaces.DOWN, (int) lowered, random, taken);

        List<Actor> actors = new ArrayList<>();
        List<Integer> rowOf = new ArrayList<>();
        List<Integer> shirtOf = new ArrayList<>();
        int nextTurned = 0;
        int nextDown = 0;
        for (int row = 0; row < 4; row++) {
            for (int seat = 0; seat < SEATS_PER_ROW; seat++) {
                int index = row * SEATS_PER_ROW + seat;
                double faceWidth = FACE_WIDTH[row];
                Part part = part(row, seat);
                FacePhoto front = frontal.get(index);
                FacePhoto away = null;
                AwayKind kind = null;
                if (part != null) {
                    switch (part.role()) {
                        case TURNS -> {
                            away = turned.get(nextTurned++);
                            kind = AwayKind.TURNED;
                        }
                        case GLANCES -> {
                            away = turned.get(nextTurned++);
                            kind = AwayKind.GLANCE;
                        }
                        case LOOKS_DOWN -> {
                            away = down.get(nextDown++);
                            kind = AwayKind.DOWN;
                        }
                        case TURNS_SAME_PERSON -> {
                            front = OnePersonPoses.FRONTAL.photo(faces);
                            away = OnePersonPoses.TURNED_RIGHT.photo(faces);
                            kind = AwayKind.TURNED;
                        }
                        default -> {
                        }
                    }
                }
                // The face's width sets the frontal photo's scale; every pose of the student is pasted at the head size that gives.
                double headSize = front.size() * faceWidth / front.faceWidth();
                HeadPatch attending = HeadPatch.of(front, headSize);
                List<Actor.Shot> shots = new ArrayList<>();
                if (part == null || part.role() == Role.ATTENDS) {
                    shots.add(new Actor.Shot(State.ATTENDING, null, 0, DURATION_MS, attending));
                } else if (part.role() == Role.LEAVES) {
                    shots.add(new Actor.Shot(State.ATTENDING, null, 0, part.fromMs(), attending));
                    shots.add(new Actor.Shot(State.ABSENT, null, part.fromMs(), DURATION_MS, null));
                } else {
                    shots.add(new Actor.Shot(State.ATTENDING, null, 0, part.fromMs(), attending));
                    shots.add(new Actor.Shot(State.AWAY, kind, part.fromMs(), part.toMs(), HeadPatch.of(away, headSize)));
                    shots.add(new Actor.Shot(State.ATTENDING, null, part.toMs(), DURATION_MS, attending));
                }
                double spacing = ROW_WIDTH[row] / SEATS_PER_ROW;
                // Alternate rows are shifted by a quarter seat, so that nobody sits exactly behind a head.
                double x = (WIDTH - ROW_WIDTH[row]) / 2 + (seat + 0.5) * spacing + (row % 2 == 0 ? 0.25 : -0.25) * spacing;
                double amplitude = 0.9 + faceWidth / 40 * (0.4 + 0.6 * random.nextDouble());
                Actor.Jitter jitter = new Actor.Jitter(amplitude, 0.15 + 0.25 * random.nextDouble(), 0.5 + 0.5 * random.nextDouble(),
                        0.1 + 0.2 * random.nextDouble(), 0.4 + 0.4 * random.nextDouble(), 2 * Math.PI * random.nextDouble());
                actors.add(new Actor("r" + (4 - row) + "s" + (seat + 1), x, HEAD_Y[row], faceWidth, jitter, shots));
                rowOf.add(row);
                shirtOf.add(SHIRTS[random.nextInt(SHIRTS.length)]);
            }
        }
        return new ClassroomScene(actors, rowOf, shirtOf, paintRoom(actors), paintDesks(seed));
    }

    private static Part part(int row, int seat) {
        return PARTS.stream().filter(p -> p.row() == row && p.seat() == seat).findFirst().orElse(null);
    }

    @Override
    public List<Actor> actors() {
        return actors;
    }

    /** The seat: a seat's width of the row, from above the head to the shoulders, within the frame. */
    @Override
    public SceneTruth.Seat seat(Actor a) {
        int row = rowOf.get(actors.indexOf(a));
        double spacing = ROW_WIDTH[row] / SEATS_PER_ROW;
        double fw = a.faceWidth();
        double left = Math.max(0, Math.round(a.headX() - spacing / 2));
        double right = Math.min(WIDTH, Math.round(a.headX() + spacing / 2));
        double top = Math.max(0, Math.round(a.headY() - 1.3 * fw));
        double bottom = Math.min(HEIGHT, Math.round(a.headY() + 1.1 * fw));
        return new SceneTruth.Seat(left, top, right - left, bottom - top);
    }

    /**
     * The room, bodies and desks never move (heads do), and they only change when somebody leaves: each set of people
     * present is painted once. Heads go on top, back row first; no head reaches its own row's desk or anything of the
     * rows in front, so drawing them last hides nothing that should show.
     */
    @Override
    public BgrImage frame(int index) {
        long ms = timeOf(index);
        StringBuilder present = new StringBuilder();
        for (Actor a : actors) {
            present.append(a.presentAt(ms) ? '1' : '0');
        }
        BgrImage still = stills.computeIfAbsent(present.toString(), key -> paintStill(ms));
        BgrImage canvas = new BgrImage(WIDTH, HEIGHT, still.bgr().clone());
        for (Actor a : actors) {
            a.drawHead(canvas, ms);
        }
        return canvas;
    }

    /** The room with the bodies of the people present at clip time t, and the desks. */
    private BgrImage paintStill(long ms) {
        BgrImage canvas = new BgrImage(WIDTH, HEIGHT, room.bgr().clone());
        for (int row = 0; row < 4; row++) {
            for (int i = 0; i < actors.size(); i++) {
                Actor a = actors.get(i);
                if (rowOf.get(i) != row || !a.presentAt(ms)) {
                    continue;
                }
                double fw = a.faceWidth();
                Shapes.fillEllipse(canvas, a.headX(), a.headY() + 0.95 * fw, 0.3 * fw, 0.45 * fw, a.skinTone(), 1);
                Shapes.fillEllipse(canvas, a.headX(), a.headY() + 1.85 * fw, 1.1 * fw, 0.95 * fw, shirtOf.get(i), 1);
            }
            BgrImage desk = desks.get(row);
            desk.copyInto(canvas, (int) Math.round((WIDTH - desk.width()) / 2.0), (int) Math.round(deskTop(row)));
        }
        return canvas;
    }

    private static double deskTop(int row) {
        return HEAD_Y[row] + 1.6 * FACE_WIDTH[row];
    }

    /** The empty room: ceiling, back wall with windows, a pinboard and a clock, floor, and a chair at every seat. */
    private static BgrImage paintRoom(List<Actor> actors) {
        BgrImage img = new BgrImage(WIDTH, HEIGHT, new byte[WIDTH * HEIGHT * 3]);
        Shapes.verticalGradient(img, 0, 0, WIDTH, 70, 0xeeeeea, 0xdcdcd6);
        Shapes.verticalGradient(img, 0, 70, WIDTH, 420, 0xd9d3c3, 0xc9c2b0);
        Shapes.fillRect(img, 0, 482, WIDTH, 8, 0x8c7b66);
        Shapes.verticalGradient(img, 0, 490, WIDTH, HEIGHT - 490, 0x7d7468, 0x5d554c);
        Shapes.grain(img, 0, 70, WIDTH, HEIGHT - 70, 4, 1);
        for (int w = 0; w < 2; w++) {
            double x = 60 + w * 250;
            Shapes.fillRect(img, x - 8, 110, 216, 246, 0xe8e8e4);
            Shapes.verticalGradient(img, x, 118, 200, 230, 0xb9cfe0, 0xdfe8ee);
            Shapes.fillRect(img, x + 96, 118, 8, 230, 0xe8e8e4);
        }
        Shapes.fillRect(img, 760, 120, 520, 210, 0x9c7650);
        Shapes.grain(img, 760, 120, 520, 210, 10, 2);
        int[] papers = {0xf0f0e8, 0xf2e28a, 0x9fd0f0, 0xf0b0b0, 0xfafafa, 0xb8e0a8};
        for (int p = 0; p < 9; p++) {
            Shapes.fillRect(img, 790 + (p % 5) * 96 + (p / 5) * 40, 140 + (p / 5) * 95, 70, 60 + 10 * (p % 2), papers[p % papers.length]);
        }
        Shapes.fillEllipse(img, 1560, 190, 46, 46, 0x303030, 1);
        Shapes.fillEllipse(img, 1560, 190, 40, 40, 0xf4f4f0, 1);
        Shapes.fillRect(img, 1558, 160, 4, 32, 0x202020);
        Shapes.fillRect(img, 1560, 188, 24, 4, 0x202020);
        for (Actor a : actors) {
            double fw = a.faceWidth();
            Shapes.fillRect(img, a.headX() - 0.95 * fw, a.headY() + 1.0 * fw, 1.9 * fw, 1.0 * fw, 0x34495e);
            Shapes.fillEllipse(img, a.headX(), a.headY() + 1.0 * fw, 0.95 * fw, 0.25 * fw, 0x34495e, 1);
        }
        return img;
    }

    /** Each row's desk: a light top and a darker front panel, as wide as the row and a face wider on each side. */
    private static List<BgrImage> paintDesks(long seed) {
        List<BgrImage> desks = new ArrayList<>();
        for (int row = 0; row < 4; row++) {
            double fw = FACE_WIDTH[row];
            int top = (int) Math.round(0.35 * fw);
            int front = (int) Math.round(1.2 * fw);
            int w = (int) Math.round(ROW_WIDTH[row] + 2 * fw);
            BgrImage desk = new BgrImage(w, top + front, new byte[w * (top + front) * 3]);
            Shapes.verticalGradient(desk, 0, 0, w, top, 0xc49a6c, 0xb08658);
            Shapes.verticalGradient(desk, 0, top, w, front, 0x7a5634, 0x5c3f24);
            Shapes.grain(desk, 0, 0, w, top + front, 6, seed * 31 + row);
            desks.add(desk);
        }
        return desks;
    }
}
