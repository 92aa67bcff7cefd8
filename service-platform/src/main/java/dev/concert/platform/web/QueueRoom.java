package dev.concert.platform.web;

import java.util.Objects;
import java.util.UUID;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * The waiting room a request was let through: one per sale, named by the schedule whose sale it protects. The
 * gateway verifies the fan's ACTIVE queue token and relays its room in the {@value #HEADER} header (dropping any
 * value the client wrote). The gateway can compare path ids with the room but not bodies, so a service that acts on
 * a schedule asks {@link #admits(UUID)} itself: a token of one sale must not buy seats of another.
 * <p>
 * A controller parameter of this type receives it. Fail closed: a request with no room or an unreadable one is
 * refused (403 {@code WRONG_ROOM}) before the controller runs, so a route that takes a room never serves without one.
 */
public record QueueRoom(UUID scheduleId) {

    public static final String HEADER = "X-Queue-Room";
    public static final String WRONG_ROOM = "WRONG_ROOM";

    public QueueRoom {
        Objects.requireNonNull(scheduleId, "scheduleId");
    }

    /** The room named by the gateway's header; 403 WRONG_ROOM when there is none or it is not a schedule id. */
    public static QueueRoom of(String header) {
        if (header == null || header.isBlank()) {
            throw noRoom();
        }
        try {
            return new QueueRoom(UUID.fromString(header.trim()));
        } catch (IllegalArgumentException e) {
            throw noRoom();
        }
    }

    /**
     * Passes when the waiting room guards this schedule's sale; 403 WRONG_ROOM otherwise. An unknown schedule (null)
     * is never admitted.
     */
    public void admits(UUID scheduleId) {
        if (!this.scheduleId.equals(scheduleId)) {
            throw ApiProblem.forbidden(WRONG_ROOM, "your place in the queue is for schedule " + this.scheduleId
                    + ", not for " + (scheduleId == null ? "this reservation's schedule" : "schedule " + scheduleId)
                    + "; queue for that sale first");
        }
    }

    private static ApiProblem noRoom() {
        // no word on how the header is spelled: only the gateway writes it, a client cannot make it count
        return ApiProblem.forbidden(WRONG_ROOM, "no waiting room: queue for this sale and come back when admitted");
    }

    static final class Resolver implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == QueueRoom.class;
        }

        @Override
        public QueueRoom resolveArgument(MethodParameter parameter, ModelAndViewContainer mav,
                                         NativeWebRequest request, WebDataBinderFactory binderFactory) {
            String[] values = request.getHeaderValues(HEADER);
            // the gateway writes exactly one; two would mean a client's value got through beside it
            return of(values == null || values.length != 1 ? null : values[0]);
        }
    }
}
