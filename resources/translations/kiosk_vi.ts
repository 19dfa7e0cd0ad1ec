<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Xin chào</translation>
    </message>
    <message>
        <source>Touch the screen to start</source>
        <translation>Chạm vào màn hình để bắt đầu</translation>
    </message>
    <message>
        <source>or insert your ID card into the reader</source>
        <translation>hoặc đưa thẻ căn cước vào đầu đọc</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Bắt đầu</translation>
    </message>
</context>
<context>
    <name>BusyScreen</name>
    <message>
        <source>Printing your ticket…</source>
        <translation>Đang in số thứ tự…</translation>
    </message>
    <message>
        <source>Please wait a moment.</source>
        <translation>Xin vui lòng chờ trong giây lát.</translation>
    </message>
</context>
<context>
    <name>CardReadingNotice</name>
    <message>
        <source>Reading your card…</source>
        <translation>Đang đọc thẻ của bạn…</translation>
    </message>
    <message>
        <source>Please leave the card in the reader.</source>
        <translation>Xin để nguyên thẻ trong đầu đọc.</translation>
    </message>
    <message>
        <source>The card was taken out too early. Please insert it again and leave it in.</source>
        <translation>Thẻ đã bị rút ra quá sớm. Xin đưa thẻ vào lại và để nguyên.</translation>
    </message>
    <message>
        <source>This card cannot be read here. Please use your national ID card.</source>
        <translation>Không đọc được loại thẻ này. Xin dùng thẻ căn cước của bạn.</translation>
    </message>
    <message>
        <source>No card was found in the reader. Please insert your ID card.</source>
        <translation>Không thấy thẻ trong đầu đọc. Xin đưa thẻ căn cước vào.</translation>
    </message>
    <message>
        <source>Your card could not be read</source>
        <translation>Không đọc được thẻ của bạn</translation>
    </message>
    <message>
        <source>Please take the card out and insert it again, or type your ID number.</source>
        <translation>Xin rút thẻ ra và đưa vào lại, hoặc nhập số định danh.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Đồng ý</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <source>◀  Back</source>
        <translation>◀  Quay lại</translation>
    </message>
    <message>
        <source>End  ✕</source>
        <translation>Kết thúc  ✕</translation>
    </message>
</context>
<context>
    <name>GoodbyeScreen</name>
    <message>
        <source>Thank you!</source>
        <translation>Xin cảm ơn!</translation>
    </message>
    <message>
        <source>Please take your printed slip.</source>
        <translation>Xin mời nhận phiếu đã in.</translation>
    </message>
    <message>
        <source>Do not forget your ID card.</source>
        <translation>Đừng quên lấy lại thẻ căn cước.</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <source>Please type your ID number.</source>
        <translation>Xin nhập số định danh cá nhân của bạn.</translation>
    </message>
    <message>
        <source>An ID number has only digits. Please check and type again.</source>
        <translation>Số định danh chỉ gồm chữ số. Xin kiểm tra và nhập lại.</translation>
    </message>
    <message>
        <source>An ID number has %1 digits. Please check and type again.</source>
        <translation>Số định danh có %1 chữ số. Xin kiểm tra và nhập lại.</translation>
    </message>
    <message>
        <source>This is not a valid ID number. Please check each digit.</source>
        <translation>Số định danh không hợp lệ. Xin kiểm tra từng chữ số.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: the first three digits are wrong.</source>
        <translation>Số định danh không hợp lệ: ba chữ số đầu không đúng.</translation>
    </message>
    <message>
        <source>This is not a valid ID number: digits 4 to 6 are wrong.</source>
        <translation>Số định danh không hợp lệ: chữ số thứ 4 đến thứ 6 không đúng.</translation>
    </message>
    <message>
        <source>Insert your ID card into the reader, or type your ID number (%1 digits):</source>
        <translation>Đưa thẻ căn cước vào đầu đọc, hoặc nhập số định danh cá nhân (%1 chữ số):</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Tiếp tục</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Bigger text</source>
        <translation>Chữ to hơn</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>Tương phản cao</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <source>Choose your language</source>
        <translation>Chọn ngôn ngữ</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Take a queue number for a counter</source>
        <translation>Lấy số thứ tự tại quầy</translation>
    </message>
    <message>
        <source>See the data on my ID card</source>
        <translation>Xem thông tin trên thẻ căn cước</translation>
    </message>
    <message>
        <source>Hello, %1</source>
        <translation>Xin chào, %1</translation>
    </message>
    <message>
        <source>Hello</source>
        <translation>Xin chào</translation>
    </message>
    <message>
        <source>ID number: %1</source>
        <translation>Số định danh: %1</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>Bạn muốn làm gì?</translation>
    </message>
</context>
<context>
    <name>OwnDataScreen</name>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Please insert your ID card</source>
        <translation>Xin đưa thẻ căn cước vào</translation>
    </message>
    <message>
        <source>Your data is read from the card&apos;s chip. Insert the card into the reader.</source>
        <translation>Thông tin được đọc từ chip của thẻ. Xin đưa thẻ vào đầu đọc.</translation>
    </message>
    <message>
        <source>The data on your ID card</source>
        <translation>Thông tin trên thẻ căn cước của bạn</translation>
    </message>
    <message>
        <source>Only you can see this. It disappears when you take out your card.</source>
        <translation>Chỉ bạn nhìn thấy thông tin này. Thông tin sẽ biến mất khi bạn rút thẻ ra.</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <source>Name in English</source>
        <translation>Tên tiếng Anh</translation>
    </message>
    <message>
        <source>Date of birth</source>
        <translation>Ngày sinh</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Địa chỉ</translation>
    </message>
    <message>
        <source>Date of issue</source>
        <translation>Ngày cấp</translation>
    </message>
    <message>
        <source>Date of expiry</source>
        <translation>Ngày hết hạn</translation>
    </message>
    <message>
        <source>Lifetime</source>
        <translation>Không thời hạn</translation>
    </message>
</context>
<context>
    <name>ProblemScreen</name>
    <message>
        <source>Sorry, no number could be issued.</source>
        <translation>Xin lỗi, chưa cấp được số thứ tự.</translation>
    </message>
    <message>
        <source>Please try again. If it happens again, please ask at the counter.</source>
        <translation>Xin thử lại. Nếu vẫn không được, xin hỏi cán bộ tại quầy.</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Thử lại</translation>
    </message>
</context>
<context>
    <name>QueueCategoryScreen</name>
    <message>
        <source>Which service do you need?</source>
        <translation>Bạn cần làm thủ tục gì?</translation>
    </message>
    <message>
        <source>Touch one. You will get a printed number for the counter.</source>
        <translation>Chạm vào một mục. Bạn sẽ nhận phiếu số thứ tự để đến quầy.</translation>
    </message>
</context>
<context>
    <name>Slip</name>
    <message>
        <source>QUEUE TICKET</source>
        <translation>PHIẾU SỐ THỨ TỰ</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>Số của bạn</translation>
    </message>
    <message>
        <source>People ahead of you: %1</source>
        <translation>Số người đang chờ trước bạn: %1</translation>
    </message>
    <message>
        <source>Estimated wait: about %1 minutes</source>
        <translation>Thời gian chờ dự kiến: khoảng %1 phút</translation>
    </message>
    <message>
        <source>Issued: %1</source>
        <translation>Thời gian lấy số: %1</translation>
    </message>
    <message>
        <source>Please wait until your number is called.</source>
        <translation>Xin vui lòng chờ đến khi được gọi số.</translation>
    </message>
    <message>
        <source>DOSSIER RECEIPT AND RESULT APPOINTMENT</source>
        <translation>GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ</translation>
    </message>
    <message>
        <source>Dossier code</source>
        <translation>Mã hồ sơ</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>Người nộp hồ sơ</translation>
    </message>
    <message>
        <source>Procedure</source>
        <translation>Thủ tục</translation>
    </message>
    <message>
        <source>Processing unit</source>
        <translation>Đơn vị giải quyết</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>Ngày nộp</translation>
    </message>
    <message>
        <source>Results due on</source>
        <translation>Ngày hẹn trả kết quả</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Phí, lệ phí</translation>
    </message>
    <message>
        <source>Bring this receipt when you collect the results. Scan the QR code to look up your dossier.</source>
        <translation>Vui lòng mang theo giấy này khi đến nhận kết quả. Quét mã QR để tra cứu hồ sơ.</translation>
    </message>
    <message>
        <source>RECEIPT FOR FEES AND CHARGES</source>
        <translation>BIÊN LAI THU PHÍ, LỆ PHÍ</translation>
    </message>
    <message>
        <source>Collected by</source>
        <translation>Đơn vị thu</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Nội dung thu</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Số tiền</translation>
    </message>
    <message>
        <source>Transaction fee</source>
        <translation>Phí giao dịch</translation>
    </message>
    <message>
        <source>Total paid</source>
        <translation>Tổng số tiền thanh toán</translation>
    </message>
    <message>
        <source>Payment method</source>
        <translation>Hình thức thanh toán</translation>
    </message>
    <message>
        <source>Transaction reference</source>
        <translation>Mã giao dịch</translation>
    </message>
    <message>
        <source>Paid at</source>
        <translation>Thời gian thanh toán</translation>
    </message>
    <message>
        <source>Payment successful. Keep this receipt as proof of payment.</source>
        <translation>Thanh toán thành công. Vui lòng giữ biên lai này làm chứng từ thanh toán.</translation>
    </message>
    <message>
        <source>APPOINTMENT SLIP</source>
        <translation>PHIẾU HẸN</translation>
    </message>
    <message>
        <source>Booking reference</source>
        <translation>Mã lịch hẹn</translation>
    </message>
    <message>
        <source>Service</source>
        <translation>Dịch vụ</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Ngày hẹn</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Khung giờ</translation>
    </message>
    <message>
        <source>Office</source>
        <translation>Nơi tiếp nhận</translation>
    </message>
    <message>
        <source>Check in at the kiosk on the day to get a priority queue number.</source>
        <translation>Vào ngày hẹn, vui lòng xác nhận tại ki-ốt để nhận số thứ tự ưu tiên.</translation>
    </message>
    <message>
        <source>REGISTRATION CONFIRMATION</source>
        <translation>XÁC NHẬN ĐĂNG KÝ</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Nội dung đăng ký</translation>
    </message>
    <message>
        <source>Public service portal account</source>
        <translation>Tài khoản Cổng Dịch vụ công</translation>
    </message>
    <message>
        <source>Digital ID (D.DOPA)</source>
        <translation>Tài khoản định danh điện tử (D.DOPA)</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>Số định danh</translation>
    </message>
    <message>
        <source>Registered at</source>
        <translation>Thời gian đăng ký</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Mã tham chiếu</translation>
    </message>
    <message>
        <source>Sign in to the public service portal or at this kiosk with your ID number and your password.</source>
        <translation>Đăng nhập Cổng Dịch vụ công hoặc tại ki-ốt này bằng số định danh và mật khẩu của bạn.</translation>
    </message>
    <message>
        <source>Open the D.DOPA app on your phone and sign in with the passcode you set.</source>
        <translation>Mở ứng dụng D.DOPA trên điện thoại và đăng nhập bằng mật mã bạn đã đặt.</translation>
    </message>
    <message>
        <source>Never tell anyone your password, passcode or OTP.</source>
        <translation>Tuyệt đối không cung cấp mật khẩu, mật mã hoặc mã OTP cho bất kỳ ai.</translation>
    </message>
</context>
<context>
    <name>TicketScreen</name>
    <message>
        <source>Your number is</source>
        <translation>Số thứ tự của bạn là</translation>
    </message>
    <message>
        <source>Nobody is ahead of you.</source>
        <translation>Không có ai chờ trước bạn.</translation>
    </message>
    <message>
        <source>People ahead of you: %1. Estimated wait: about %2 minutes.</source>
        <translation>Số người chờ trước bạn: %1. Thời gian chờ dự kiến: khoảng %2 phút.</translation>
    </message>
    <message>
        <source>Issued %1</source>
        <translation>Lấy số lúc %1</translation>
    </message>
    <message>
        <source>Please take your printed ticket below the screen.</source>
        <translation>Xin mời nhận phiếu số thứ tự ở khe dưới màn hình.</translation>
    </message>
    <message>
        <source>The printer could not print. Your number is saved: remember it, or take a photo of this screen.</source>
        <translation>Máy in chưa in được phiếu. Số của bạn đã được ghi nhận: xin ghi nhớ số hoặc chụp ảnh màn hình này.</translation>
    </message>
    <message>
        <source>Another service</source>
        <translation>Dịch vụ khác</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Kết thúc</translation>
    </message>
</context>
<context>
    <name>TimeoutWarning</name>
    <message>
        <source>Do you need more time?</source>
        <translation>Bạn có cần thêm thời gian không?</translation>
    </message>
    <message>
        <source>This session will end in %1 seconds.</source>
        <translation>Phiên làm việc sẽ kết thúc sau %1 giây.</translation>
    </message>
    <message>
        <source>Yes, I need more time</source>
        <translation>Có, tôi cần thêm thời gian</translation>
    </message>
    <message>
        <source>No, I am finished</source>
        <translation>Không, tôi đã xong</translation>
    </message>
</context>
</TS>
